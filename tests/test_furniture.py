"""Page furniture: page numbers and running headers/footers go only on strong evidence,
each as an explained, counted correction (``page-furniture``); ``--keep-furniture`` keeps
them; text that continues the flow (list rows, sentences) is never taken for furniture.

The pages are this test's own text (pages of a ``.txt`` separated by form feeds, or
:class:`Page` objects); one test makes a six-page PDF of the bundled sample with qpdf.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import needs_tesseract

from ocr_repair import layout
from ocr_repair.cli import cli
from ocr_repair.config import Config
from ocr_repair.errors import ConfigError
from ocr_repair.models import Document, Page
from ocr_repair.pipeline import repair_document
from ocr_repair.settings import config_for

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_PDF = ROOT / "samples" / "press-release-scan.pdf"

ROWS_1 = ["Bauabschnitt 1: 2,1 Kilometer Deich in Essen-Kettwig",
          "Bauabschnitt 2: 1,4 Kilometer Deich in Essen-Werden",
          "Bauabschnitt 3: 0,9 Kilometer Deich in Mülheim-Mintard"]
#: the next three rows: the same words as the first three, other numbers
ROWS_2 = ["Bauabschnitt 4: 1,8 Kilometer Deich in Essen-Kettwig",
          "Bauabschnitt 5: 2,3 Kilometer Deich in Essen-Werden",
          "Bauabschnitt 6: 1,2 Kilometer Deich in Mülheim-Mintard"]
DEICH_1 = ("Deichsanierung an der Ruhr beginnt\n\n"
           "Die Bezirksregierung Düsseldorf teilt mit:\n\n"
           "Im Frühjahr beginnt die Sanierung der Ruhrdeiche zwischen Essen und Duisburg. Die\n"
           "Arbeiten sind in sechs Abschnitte geteilt:\n\n" + "\n".join(ROWS_1) + "\n")


def doc_of(*pages: str, scanned: bool = False) -> Document:
    conf = 95.0 if scanned else None
    return Document(sources=["x.txt"], pages=[Page(source="x.txt", number=n, text=t, mean_confidence=conf)
                                              for n, t in enumerate(pages, 1)])


def furniture(result) -> list:
    return [c for c in result.corrections if c.rule == "page-furniture"]


def convert_cli(*args: str):
    return CliRunner().invoke(cli, ["convert", *args])


def front_matter(md: str) -> dict:
    head = md.split("\n---\n", 1)[0]
    return dict(re.findall(r"^(\w+): (.*)$", head, re.M))


# -- text that continues the flow is never furniture ---------------------------------------

@pytest.mark.parametrize("page2", [
    "\n".join(ROWS_2) + "\n",  # a short last page: the rows are its top and its bottom
    "\n".join(ROWS_2) + "\n\nDie Kosten von 48 Millionen Euro tragen Land und Bund.\n",
], ids=["rows-only", "rows-and-text"])
def test_list_rows_over_a_page_break_are_kept(page2):
    """Issue: page 1 ends with three rows, page 2 starts with three more; the rows were
    taken for running footers/headers (digits ignored) and silently dropped."""
    result = repair_document(doc_of(DEICH_1, page2), Config(front_matter=False))
    for row in ROWS_1 + ROWS_2:
        assert row in result.markdown, f"lost {row!r}:\n{result.markdown}"
    assert furniture(result) == []


def test_repeated_sentences_and_run_on_lines_are_kept():
    """The same sentence, a line ending in a comma or hyphen, at the same place on every
    page: no title shape, or it continues the flow."""
    pages = [f"Seite {n} der Mitteilung über die Förderung,\nwie sie der Landtag beschlossen hat.\n\n"
             f"Text der Seite {n} steht hier und geht weiter.\n\n"
             f"Weitere Informationen folgen morgen.\n" for n in (1, 2, 3)]
    result = repair_document(doc_of(*pages), Config(front_matter=False))
    assert furniture(result) == []
    assert result.markdown.count("Weitere Informationen folgen morgen.") == 3
    assert result.markdown.count("wie sie der Landtag beschlossen hat.") == 3


def test_a_number_that_ends_a_split_line_is_kept():
    """ "Tel. (089) 9231-" / "300" at the foot of a page: the number continues its line."""
    p1 = "Titel der Mitteilung\n\nEin Satz steht hier.\nPressestelle Tel. (089) 9231-\n300\n"
    p2 = "Noch ein Satz steht hier.\n\nUnd ein letzter Satz.\n"
    result = repair_document(doc_of(p1, p2), Config(front_matter=False))
    assert furniture(result) == []
    assert "9231-300" in result.markdown


def test_copies_of_a_page_keep_their_title_and_text():
    """The same page twice (a scan fed in twice) is no running header of two pages."""
    page = "Land fördert Bibliotheken\n\nDas Ministerium teilt mit:\n\nDie Förderung beträgt 7 Millionen Euro.\n"
    result = repair_document(doc_of(page, page), Config(front_matter=False))
    assert furniture(result) == []
    assert result.markdown.startswith("# Land fördert Bibliotheken\n")
    assert result.markdown.count("Land fördert Bibliotheken") == 2
    assert result.markdown.count("Die Förderung beträgt 7 Millionen Euro.") == 2


def _qpdf_missing() -> str:
    return "" if shutil.which("qpdf") else "qpdf is not installed (apt-get install qpdf)"


@needs_tesseract
@pytest.mark.skipif(bool(_qpdf_missing()), reason=_qpdf_missing() or "-")
def test_three_copies_of_the_sample_keep_every_page(tmp_path, monkeypatch):
    """Issue: ``qpdf --empty --pages s.pdf s.pdf s.pdf -- m6.pdf``, then ``convert m6.pdf``
    lost the title and all of page 2's text (repeated on every other page)."""
    from ocr_repair import tesseract

    m6 = tmp_path / "m6.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", str(SAMPLE_PDF), str(SAMPLE_PDF), str(SAMPLE_PDF), "--", str(m6)],
                   check=True)
    # the copies rasterise to the same pixels: OCR each distinct page once
    seen: dict = {}
    real = tesseract.ocr_page

    def cached(image, *args, **kwargs):
        key = (image.size, image.mode, image.tobytes())
        if key not in seen:
            seen[key] = real(image, *args, **kwargs)
        return seen[key]

    monkeypatch.setattr(tesseract, "ocr_page", cached)
    res = convert_cli(str(m6), "--no-front-matter", "--explain")
    assert res.exit_code == 0, res.output
    md = res.stdout
    assert "page-furniture" not in res.stderr
    one = convert_cli(str(SAMPLE_PDF), "--no-front-matter").stdout
    assert md.startswith(one.split("\n", 1)[0] + "\n")  # the title
    # the title and the text of both pages, three times over (a copy's title is a paragraph)
    for words in ("Land fördert sieben regionale Digitalisierungszentren in öffentlichen Bibliotheken",
                  "Das Ministerium für Bildung, Bibliotheken und Digitales des Landes Nordrhein-Westfalen teilt mit:",
                  "Mit einer Förderung von insgesamt 7,05 Millionen Euro",
                  "Das Zentrum in Siegen entsteht in einem ehemaligen Kaufhaus",
                  "Kommunen, die sich für eine zweite Ausschreibungsrunde",  # page 1's last line
                  "können ihre Unterlagen bis zum 30. September 2024 einreichen.",  # page 2's first
                  "Jörg Übelacker, Telefon 0211 1234-567"):  # page 2's last
        assert md.count(words) == 3, f"{words!r} is not in every copy:\n{md}"
    # word for word (the repair may judge a word differently with three copies as evidence)
    from collections import Counter

    lost = Counter(one.split() * 3) - Counter(md.split())
    assert sum(lost.values()) <= 6, lost


# -- furniture goes, explained and counted -----------------------------------------------

HEAD = "Ministerium für Schule und Bildung des Landes Nordrhein-Westfalen"
PAGES = [
    f"{HEAD}\n\nNeue Zentren eröffnet\n\nDie Zentren öffnen im Frühjahr in Borken und\n"
    "Steinfurt. Sie beraten Familien.\n\nStand: 28.06.2016\nSeite 1 von 3\n",
    f"{HEAD}\n- 2 -\nDie Förderung beträgt 7,05 Millionen Euro im Jahr.\n\nStand: 29.06.2016\nSeite 2 von 3\n",
    f"{HEAD}\nDas Land trägt die Kosten.\n\nStand: 29.06.2016\n3\n",
]
REMOVED = [HEAD, "Stand: 28.06.2016", "Seite 1 von 3", HEAD, "- 2 -", "Stand: 29.06.2016", "Seite 2 von 3",
           HEAD, "Stand: 29.06.2016", "3"]


def test_running_headers_footers_and_page_numbers_are_explained_corrections(tmp_path):
    src = tmp_path / "pm.txt"
    src.write_text("\f".join(PAGES), encoding="utf-8")
    text = src.read_text(encoding="utf-8")
    res = convert_cli(str(src), "--explain")
    assert res.exit_code == 0, res.output
    md = res.stdout
    body = md.split("\n---\n\n", 1)[1]
    # the running header is not the title
    assert body.startswith("# Neue Zentren eröffnet\n\n")
    for line in set(REMOVED) - {"3"}:
        assert line not in body
    assert "Die Förderung beträgt 7,05 Millionen Euro im Jahr." in body
    explained = [ln for ln in res.stderr.splitlines() if "(page-furniture" in ln]
    assert len(explained) == len(REMOVED)
    # at the input's own line:col (form feeds are no line breaks)
    lines = text.split("\n")
    for ln, before in zip(explained, REMOVED):
        m = re.match(r"(\d+):(\d+): fixed '(.*)' -> '' \(page-furniture, 1\.00\): (.+)$", ln)
        assert m, ln
        line, col = int(m.group(1)), int(m.group(2))
        assert m.group(3) == before
        assert lines[line - 1][col - 1:].lstrip("\f").startswith(before), (ln, lines[line - 1])
    assert "running header on 3 of 3 pages" in explained[0] and "page number" in explained[2]
    fm = front_matter(md)
    made = sum(": fixed " in ln for ln in res.stderr.splitlines())
    assert int(fm["corrections"]) == made >= len(REMOVED)

    kept = convert_cli(str(src), "--explain", "--keep-furniture")
    assert kept.exit_code == 0, kept.output
    assert "page-furniture" not in kept.stderr
    for line in REMOVED:
        assert line in kept.stdout
    assert int(front_matter(kept.stdout)["corrections"]) == made - len(REMOVED)


def test_furniture_json_positions(tmp_path):
    import json

    src = tmp_path / "pm.txt"
    src.write_text("\f".join(PAGES), encoding="utf-8")
    out = tmp_path / "x.json"
    res = convert_cli(str(src), "-o", str(tmp_path / "pm.md"), "--explain-json", str(out))
    assert res.exit_code == 0, res.output
    text = src.read_text(encoding="utf-8")
    found = [c for c in json.loads(out.read_text(encoding="utf-8")) if c["rule"] == "page-furniture"]
    assert [c["before"] for c in found] == REMOVED
    for c in found:
        assert text[c["start"]:c["end"]] == c["before"] and c["after"] == "" and c["applied"]
        assert "page" not in c  # one transcription: its own offsets


def test_keep_furniture_in_settings_and_config(tmp_path):
    (tmp_path / ".ocr-repair.toml").write_text("keep-furniture = true\n", encoding="utf-8")
    config, _ = config_for(tmp_path / "x.txt")
    assert config.keep_furniture is True
    (tmp_path / ".ocr-repair.toml").write_text("keep_furniture = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="keep_furniture must be true or false"):
        config_for(tmp_path / "x.txt")
    with pytest.raises(ValueError):
        Config(keep_furniture="yes")
    result = repair_document(doc_of(*PAGES), Config(keep_furniture=True, front_matter=False))
    assert furniture(result) == [] and result.markdown.count(HEAD) == 3


def test_batch_has_the_keep_furniture_flag():
    res = CliRunner().invoke(cli, ["batch", "--help"])
    assert "--keep-furniture" in res.output


# -- one page --------------------------------------------------------------------------

def test_one_page_drops_its_page_number():
    page = "Neue Zentren eröffnet\n\nDie Zentren öffnen im Frühjahr.\n\nSeite 1 von 1\n"
    result = repair_document(doc_of(page), Config(front_matter=False))
    assert result.markdown == "# Neue Zentren eröffnet\n\nDie Zentren öffnen im Frühjahr.\n"
    (c,) = furniture(result)
    assert (c.before, c.line, c.col, c.page) == ("Seite 1 von 1", 5, 1, 0)


def test_one_page_running_header_is_not_the_title():
    page = ("Pressemitteilung 12/2024 – Seite 1 von 1\n\nNeue Zentren eröffnet\n\n"
            "Die Zentren öffnen im Frühjahr.\n")
    result = repair_document(doc_of(page), Config(front_matter=False))
    assert result.markdown.startswith("# Neue Zentren eröffnet\n")
    assert [c.before for c in furniture(result)] == ["Pressemitteilung 12/2024 – Seite 1 von 1"]


def test_one_page_keeps_a_bare_number_and_a_page_reference():
    page = "Titel\n\nDer Plan steht im Anhang auf\nSeite 1\n\n2\n"
    result = repair_document(doc_of(page), Config(front_matter=False))
    assert furniture(result) == []


# -- the shapes ------------------------------------------------------------------------

@pytest.mark.parametrize("lines", [
    ["Seite 2 von 3"], ["- 2 -"], ["Page 2 of 3"], ["Presseinformation Nr. 3 vom 4. Mai 2024 | Seite 2"],
])
def test_page_number_shapes_on_page_2(lines):
    pages = [["Titel", "", "Ein Satz."], ["Noch ein Satz.", "", *lines]]
    assert set(layout.find_furniture(pages)) == {(1, 2)}


def test_bare_numbers_only_where_they_are_the_page_number():
    pages = [["Ein Satz.", "1"], ["Noch ein Satz.", "2"], ["Der letzte Satz.", "7"]]
    assert set(layout.find_furniture(pages)) == {(0, 1), (1, 1)}


@pytest.mark.parametrize("line", [
    "Weitere Informationen finden Sie auf Seite 2 von 3",  # a sentence runs into the number
    "Seite 2 von 3 und mehr", "2016", "Seite 5",  # not page 2's number
])
def test_no_page_number_shapes_on_page_2(line):
    pages = [["Titel", "", "Ein Satz."], ["Noch ein Satz.", "", line]]
    assert layout.find_furniture(pages) == {}


def test_a_counted_page_number_goes_after_an_open_line():
    """A page that ends mid-sentence ("…, die") still loses its "Seite 1 von 2"."""
    pages = [["Titel", "", "Die Zentren, die"], ["helfen.", "", "Seite 2 von 2"]]
    assert layout.find_furniture(pages) == {(1, 2): "page number"}
    pages[0].append("Seite 1 von 2")
    assert set(layout.find_furniture(pages)) == {(0, 3), (1, 2)}

