"""``convert -o out.pdf`` (a searchable PDF) and ``-o out.xml`` (ALTO 4.2) from real scans.

The main document is a photocopied two-page scan typeset here (German with umlauts and
ß, noise 0.35) and OCR'd with Tesseract's *English* model, so that umlauts and ß are
misread and then repaired. Checked: the PDF is valid (``qpdf --check``), PDF/A-2b, has the
two page images, and its text layer read back with ``pdftotext`` is within 1 % CER of the
repaired text, with every repaired word found at its box (``pdftotext -bbox``); the ALTO
validates against our own schema of the ALTO 4 subset ocr-repair writes
(tests/schemas/alto-subset.xsd) and, where ``OCR_REPAIR_ALTO_XSD`` names a copy of it,
against the official ALTO 4.2 schema (tests/schemas/README.md), has every word with a box,
and the repaired words.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, leftovers, needs_tesseract

from ocr_repair.cli import cli
from ocr_repair.errors import ExitCode

SCHEMAS = Path(__file__).parent / "schemas"
ALTO_NS = {"a": "http://www.loc.gov/standards/alto/ns-v4#"}

PAGE_1 = (
    "Förderung für Büchereien in Düsseldorf\n\n"
    "Die Größe der Räume richtet sich nach dem Bedarf der Bürgerinnen und Bürger. "
    "Außerdem können die Maßnahmen der Stadt ab Montag genutzt werden. Die Straßensperren "
    "in der Innenstadt werden zügig aufgehoben, und für Fußgänger öffnen neue Übergänge."
)
PAGE_2 = (
    "Öffnungszeiten und Gebühren\n\n"
    "Die Zentren öffnen werktags früh. Außerdem gibt es Schulungen für Ältere, "
    "die über das Gemeindebüro gebucht werden können. Die Gebühren für Jugendliche "
    "entfallen künftig vollständig; das schließt Prüfungen ein."
)


def _missing() -> str:
    import importlib.util

    for mod, why in (("ocrmypdf", "pip install 'ocr-repair[pdf]'"), ("lxml", "pip install lxml")):
        if importlib.util.find_spec(mod) is None:
            return f"{mod} is not installed ({why})"
    for exe, pkg in (("pdftotext", "poppler-utils"), ("qpdf", "qpdf")):
        if shutil.which(exe) is None:
            return f"{exe} is not installed (apt-get install {pkg})"
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    if "eng" not in out.stdout.split():
        return "Tesseract's English model is not installed (apt-get install tesseract-ocr-eng)"
    return ""


needs_tools = pytest.mark.skipif(bool(_missing()), reason=_missing() or "-")
pytestmark = [needs_tesseract]


def run(*args: str, ok: bool = True):
    result = CliRunner().invoke(cli, ["convert", *args])
    if ok:
        assert result.exit_code == 0, result.output
    return result


def photocopied_pages(*texts: str, noise: float = 0.35):
    """Pages typeset with a photocopy's noise, cropped to the text (OCR time grows with
    area): the crop is found on the clean page, the noise would spread it to the edges."""
    sys.path.insert(0, str(ROOT / "samples"))
    import typeset

    pages = []
    for n, text in enumerate(texts):
        try:
            (clean,) = typeset.typeset(text, size_pt=12)
        except typeset.FontNotFoundError as exc:
            pytest.skip(str(exc))
        (noisy,) = typeset.typeset(text, size_pt=12, noise=noise, seed=n)
        box = clean.point(lambda v: 255 - v).getbbox()
        page = noisy.crop((0, 0, noisy.width, min(noisy.height, box[3] + 60)))
        page.info["dpi"] = noisy.info["dpi"]
        pages.append(page)
    return pages


class Photocopy:
    """The two-page scan, converted once: PDF, ALTO, and the repaired text to compare."""

    def __init__(self, root: Path):
        sys.path.insert(0, str(ROOT / "samples"))
        import typeset

        from ocr_repair import Config
        from ocr_repair.pipeline import convert

        self.root = root
        self.scan = root / "scan.pdf"
        typeset.save(photocopied_pages(PAGE_1, PAGE_2), self.scan)
        self.pdf = root / "out.pdf"
        self.pdf_run = run(str(self.scan), "--lang", "eng", "-o", str(self.pdf))
        self.xml = root / "out.xml"
        run(str(self.scan), "--lang", "eng", "-o", str(self.xml))
        self.md = run(str(self.scan), "--lang", "eng", "--no-front-matter").stdout
        self.result = convert([self.scan], Config(lang="eng"))


@pytest.fixture(scope="module")
def photocopy(tmp_path_factory):
    if _missing():
        pytest.skip(_missing())
    return Photocopy(tmp_path_factory.mktemp("photocopy"))


def fold(text: str) -> str:
    return " ".join(text.split())


def cer(a: str, b: str) -> float:
    from rapidfuzz.distance import Levenshtein

    return Levenshtein.distance(fold(a), fold(b)) / max(1, len(fold(b)))


def pdftotext(path: Path, *args: str) -> str:
    return subprocess.run(["pdftotext", *args, str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def bbox_words(path: Path) -> list[tuple[int, float, float, str, tuple[float, float, float, float]]]:
    """(page number, page width, page height, word, box in points) from ``pdftotext -bbox``."""
    from lxml import etree

    html = etree.fromstring(pdftotext(path, "-bbox").encode("utf-8"), etree.HTMLParser(encoding="utf-8"))
    out = []
    for n, page in enumerate(html.iter("page"), start=1):
        pw, ph = float(page.get("width")), float(page.get("height"))
        for w in page.iter("word"):
            out.append((n, pw, ph, w.text or "", tuple(float(w.get(k)) for k in ("xmin", "ymin", "xmax", "ymax"))))
    return out


@functools.lru_cache(maxsize=1)
def altoschema():
    """tests/schemas/altoschema.py: our schema, and the official one where named."""
    if str(SCHEMAS) not in sys.path:
        sys.path.insert(0, str(SCHEMAS))
    import altoschema as mod

    return mod


def alto_schema():
    """Our own schema of the ALTO 4 subset ocr-repair writes."""
    return altoschema().own()


def assert_valid_alto(doc) -> None:
    """``doc`` validates against our schema and, where named, the official one."""
    errors = altoschema().errors(doc)
    assert not errors, "\n".join(errors)


def alto_strings(path: Path):
    from lxml import etree

    doc = etree.parse(str(path))
    return doc, doc.findall(".//a:String", ALTO_NS)


def repaired_words(result) -> list[str]:
    """The words the repair changed (misreads: umlauts, ß), as they stand in the text."""
    return [c.after for c in result.corrections if c.applied and c.rule.startswith("misread")
            and c.after != c.before and " " not in c.after]


# ------------------------------------------------------------------------- searchable PDF


def test_pdf_is_valid_pdfa_with_the_page_images(photocopy):
    import pikepdf

    assert photocopy.pdf_run.stdout == ""
    assert photocopy.pdf_run.stderr == ""  # PDF/A made: no note
    check = subprocess.run(["qpdf", "--check", str(photocopy.pdf)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No syntax or stream encoding errors" in check.stdout
    with pikepdf.open(photocopy.pdf) as pdf, pikepdf.open(photocopy.scan) as scan:
        assert len(pdf.pages) == 2
        assert pdf.open_metadata().pdfa_status == "2B"
        for page, orig in zip(pdf.pages, scan.pages):
            (image,) = page.get_images().values()
            (orig_image,) = orig.get_images().values()
            assert (image.Width, image.Height) == (orig_image.Width, orig_image.Height)
            assert image.read_raw_bytes() == orig_image.read_raw_bytes()  # the scan itself, untouched
    assert leftovers(photocopy.root) == []


def test_pdf_text_layer_is_the_repaired_text(photocopy):
    layer = pdftotext(photocopy.pdf)
    assert photocopy.result.text.strip()
    assert cer(layer, photocopy.result.text) <= 0.01
    # the Markdown's text is the same (but for the title's "# " and escapes)
    body = re.sub(r"^# ", "", photocopy.md, flags=re.M).replace("\\", "")
    assert cer(layer, body) <= 0.01
    # and the OCR run did misread: the layer is not Tesseract's raw text
    raw = " ".join(p.text for p in photocopy.result.document.pages)
    assert cer(raw, photocopy.result.text) > 0.02


def test_pdf_repaired_words_are_found_at_their_boxes(photocopy):
    """Each repaired word (umlauts, ß) is in the text layer on its page, at the box the
    ALTO gives it (one source of boxes, two outputs)."""
    repaired = repaired_words(photocopy.result)
    assert {"Bürgerinnen", "Maßnahmen", "Straßensperren", "Fußgänger", "Gebühren"} <= set(repaired)
    assert any(re.search("[äöüÄÖÜß]", w) for w in repaired)
    words = bbox_words(photocopy.pdf)
    doc, strings = alto_strings(photocopy.xml)
    pages = doc.findall(".//a:Page", ALTO_NS)
    found = 0
    for n, page in enumerate(pages, start=1):
        px_w = float(page.get("WIDTH"))
        for s in page.findall(".//a:String", ALTO_NS):
            whole = s.get("SUBS_CONTENT") or s.get("CONTENT")
            if s.get("PROCESSINGREFS") != "repair" or s.get("SUBS_TYPE") == "HypPart2":
                continue
            hits = [(pw, box) for pn, pw, _, text, box in words if pn == n and text == whole]
            assert hits, f"{whole!r} is not in the text layer of page {n}"
            x, y = float(s.get("HPOS")) + float(s.get("WIDTH")) / 2, float(s.get("VPOS")) + float(s.get("HEIGHT")) / 2
            inside = [box for pw, box in hits
                      if box[0] <= x * pw / px_w <= box[2] and box[1] - 3 <= y * pw / px_w <= box[3] + 3]
            assert inside, f"{whole!r} on page {n} is not at its box"
            found += 1
    assert found >= len(repaired) - 2  # a repaired word may share its String with another fix


def test_pdf_of_a_word_rejoined_over_a_line_break_is_searchable_whole(photocopy):
    """"Äl-" / "tere," (read "Al-", "tere,") is found as "Ältere," at the first part's box."""
    doc, strings = alto_strings(photocopy.xml)
    firsts = [s for s in strings if s.get("SUBS_TYPE") == "HypPart1"]
    if not firsts:
        pytest.skip("this OCR run split no word at a line end")
    texts = [text for _, _, _, text, _ in bbox_words(photocopy.pdf)]
    for s in firsts:
        assert s.get("SUBS_CONTENT") in texts


# ------------------------------------------------------------------------------- ALTO


def test_alto_validates_against_our_schema_of_the_alto_4_subset(photocopy):
    from lxml import etree

    doc = etree.parse(str(photocopy.xml))
    schema = alto_schema()
    assert schema.validate(doc), schema.error_log
    assert doc.getroot().get("SCHEMAVERSION") == "4.2"
    assert doc.getroot().tag == "{http://www.loc.gov/standards/alto/ns-v4#}alto"


@pytest.mark.skipif(not os.environ.get("OCR_REPAIR_ALTO_XSD"),
                    reason="OCR_REPAIR_ALTO_XSD names no copy of the official alto-4-2.xsd (tests/schemas/README.md)")
def test_alto_validates_against_the_official_schema(photocopy):
    from lxml import etree

    schema = altoschema().official()
    doc = etree.parse(str(photocopy.xml))
    assert schema.validate(doc), schema.error_log


def _broken(path: Path):
    """ALTO documents no schema may pass: (what is wrong, the document)."""
    from lxml import etree

    doc = etree.parse(str(path))
    del doc.find(".//a:String", ALTO_NS).attrib["CONTENT"]
    yield "a String without CONTENT", doc
    doc = etree.parse(str(path))
    doc.find(".//a:String", ALTO_NS).set("WC", "1.5")
    yield "WC over 1", doc
    doc = etree.parse(str(path))
    doc.find(".//a:MeasurementUnit", ALTO_NS).text = "furlong"
    yield "an unknown MeasurementUnit", doc
    doc = etree.parse(str(path))
    line = doc.find(".//a:TextLine", ALTO_NS)
    line.getparent().append(line.find("a:String", ALTO_NS))
    yield "a String outside its TextLine", doc


def test_the_schema_check_can_fail(photocopy):
    for name, schema in altoschema().schemas():
        for why, doc in _broken(photocopy.xml):
            assert not schema.validate(doc), (name, why)


def test_alto_has_every_word_with_a_box_and_the_repaired_words(photocopy):
    doc, strings = alto_strings(photocopy.xml)
    pages = doc.findall(".//a:Page", ALTO_NS)
    assert len(pages) == 2
    boxes = sum(len(p.boxes) for p in photocopy.result.document.pages)
    assert len(strings) == boxes  # one String per word Tesseract read, none lost
    for s in strings:
        for key in ("HPOS", "VPOS", "WIDTH", "HEIGHT", "WC"):
            assert s.get(key) is not None, (key, s.get("CONTENT"))
        assert float(s.get("WIDTH")) > 0 and float(s.get("HEIGHT")) > 0
        assert 0 <= float(s.get("WC")) <= 1
    # the words, hyphen parts joined, are the repaired text's
    words = []
    for s in strings:
        if s.get("SUBS_TYPE") == "HypPart2":
            continue
        words.append(s.get("SUBS_CONTENT") or s.get("CONTENT"))
    assert words == photocopy.result.text.split()
    contents = {s.get("CONTENT") for s in strings}
    assert {"Bürgerinnen", "Maßnahmen", "Straßensperren", "Fußgänger", "Gebühren"} <= contents
    # a repaired word keeps what Tesseract read
    fb = next(s for s in strings if s.get("CONTENT") == "Fußgänger")
    assert fb.get("PROCESSINGREFS") == "repair"
    assert fb.find("a:ALTERNATIVE", ALTO_NS).get("PURPOSE") == "ocr"


@needs_tools
def test_alto_puts_running_headers_and_page_numbers_in_the_margins(tmp_path):
    """Page furniture the Markdown drops stays in the ALTO, as TopMargin/BottomMargin."""
    sys.path.insert(0, str(ROOT / "tests"))
    from lxml import etree
    from test_boxes import make_page

    from ocr_repair.config import Config
    from ocr_repair.formats import render_alto
    from ocr_repair.models import Document
    from ocr_repair.pipeline import repair_document

    pages = [make_page([["Pressemitteilung des Landes"], ["Die Bürger kiimmern sich um", "die Stadt."],
                        ["Seite 1"]], 1),
             make_page([["Pressemitteilung des Landes"], ["Ein zweiter Absatz folgt."], ["Seite 2"]], 2)]
    result = repair_document(Document(sources=["scan.png"], pages=pages, ocr_engine="tesseract 5"), Config())
    doc = etree.fromstring(render_alto(result, "deu").encode("utf-8")).getroottree()
    assert_valid_alto(doc)
    for page in doc.findall(".//a:Page", ALTO_NS):
        top = [s.get("CONTENT") for s in page.findall("a:TopMargin//a:String", ALTO_NS)]
        bottom = [s.get("CONTENT") for s in page.findall("a:BottomMargin//a:String", ALTO_NS)]
        body = [s.get("CONTENT") for s in page.findall("a:PrintSpace//a:String", ALTO_NS)]
        assert top == ["Pressemitteilung", "des", "Landes"]
        assert bottom == ["Seite", page.get("PHYSICAL_IMG_NR")]
        assert body and "Seite" not in body and "Pressemitteilung" not in body
    assert "kümmern" in [s.get("CONTENT") for s in doc.findall(".//a:String", ALTO_NS)]


def test_alto_hyphenation_as_alto_writes_it(photocopy):
    doc, _ = alto_strings(photocopy.xml)
    for line in doc.findall(".//a:TextLine", ALTO_NS):
        kids = list(line)
        for i, el in enumerate(kids):
            if el.get("SUBS_TYPE") == "HypPart1":
                assert i == len(kids) - 2 and kids[-1].tag.endswith("HYP") and kids[-1].get("CONTENT") == "-"
    parts = doc.findall(".//a:String[@SUBS_TYPE]", ALTO_NS)
    if not parts:
        pytest.skip("this OCR run split no word at a line end")
    firsts = [p for p in parts if p.get("SUBS_TYPE") == "HypPart1"]
    seconds = [p for p in parts if p.get("SUBS_TYPE") == "HypPart2"]
    assert len(firsts) == len(seconds)
    for a, b in zip(firsts, seconds):
        assert a.get("SUBS_CONTENT") == b.get("SUBS_CONTENT")
        assert a.get("CONTENT") + b.get("CONTENT") in (a.get("SUBS_CONTENT"), a.get("SUBS_CONTENT").replace("-", "", 1))


# --------------------------------------------------------------------- formats, errors


@needs_tools
def test_alto_to_stdout_and_format_over_suffix(scans, tmp_path):
    out = run(str(scans.page1_png), "--format", "alto").stdout
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<alto ')
    assert_valid_alto(__import__("lxml.etree").etree.fromstring(out.encode()).getroottree())
    md = tmp_path / "notes.pdf"
    run(str(scans.page1_png), "--format", "md", "-o", str(md))
    assert md.read_text(encoding="utf-8").startswith("---\n")


@needs_tools
def test_pdf_from_image_pages(scans, tmp_path):
    """Several images are the pages of one PDF (img2pdf: their pixels as they are)."""
    import pikepdf
    from PIL import Image

    out = tmp_path / "doc.pdf"
    run(str(scans.page1_png), str(scans.page2_png), "-o", str(out))
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2
        for page, src in zip(pdf.pages, (scans.page1_png, scans.page2_png)):
            (image,) = page.get_images().values()
            assert (image.Width, image.Height) == Image.open(src).size
    text = pdftotext(out)
    assert text.index("Erste Seite") < text.index("Zweite Seite")
    for w in ("Förderung", "Größe", "Maßnahme", "Öffnungszeiten", "Außerdem", "Ältere"):
        assert w in text


@needs_tools
def test_pdf_of_a_pdf_with_a_text_layer_replaces_it(scans, tmp_path):
    """Our own PDF fed back in: its text layer is replaced, not doubled."""
    first = tmp_path / "first.pdf"
    run(str(scans.pdf), "-o", str(first))
    again = tmp_path / "again.pdf"
    run(str(first), "-o", str(again))
    text = fold(pdftotext(again))
    assert text.count("Förderung") == 1 and text.count("Öffnungszeiten") == 1
    assert cer(text, pdftotext(first)) <= 0.01


def test_pdf_needs_a_file_and_scans(scans, tmp_path):
    result = run(str(scans.pdf), "--format", "pdf", ok=False)
    assert result.exit_code == ExitCode.usage
    assert "standard output" in result.stderr
    out = tmp_path / "t.pdf"
    for fmt_args in ((), ("--format", "alto")):
        result = run(str(scans.txt), "-o", str(out), *fmt_args, ok=False)
        assert result.exit_code == ExitCode.usage, result.output
        (line,) = result.stderr.splitlines()
        assert "needs scans" in line and "document.txt" in line
    assert not out.exists()


def test_pdf_without_ocrmypdf_is_a_missing_dependency(scans, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ocrmypdf", None)
    out = tmp_path / "doc.pdf"
    result = run(str(scans.page1_png), "-o", str(out), ok=False)
    assert result.exit_code == ExitCode.missing_dependency
    (line,) = result.stderr.splitlines()
    assert "OCRmyPDF" in line and "ocr-repair[pdf]" in line
    assert not out.exists()


@needs_tools
def test_pdf_failure_leaves_no_file(scans, tmp_path, monkeypatch):
    import ocrmypdf
    from ocrmypdf.exceptions import InputFileError

    def broken(*a, **k):
        raise InputFileError("the page tree is broken")

    monkeypatch.setattr(ocrmypdf, "ocr", broken)
    out = tmp_path / "doc.pdf"
    result = run(str(scans.page1_png), "-o", str(out), ok=False)
    assert result.exit_code == ExitCode.output_file
    (line,) = result.stderr.splitlines()
    assert "OCRmyPDF could not make the PDF" in line and "page tree is broken" in line
    assert not out.exists() and leftovers(tmp_path) == []


@needs_tools
def test_plain_pdf_with_a_note_when_no_pdfa_can_be_made(scans, tmp_path, monkeypatch):
    """Where neither pikepdf nor Ghostscript makes PDF/A, a plain PDF and one note."""
    import pikepdf
    from ocrmypdf import pdfa

    def refuse(*a, **k):
        raise RuntimeError("no PDF/A today")

    monkeypatch.setattr(pdfa, "speculative_pdfa_conversion", refuse)
    monkeypatch.setattr("ocrmypdf._pipeline.speculative_pdfa_conversion", refuse, raising=False)
    monkeypatch.setattr("ocrmypdf._exec.ghostscript.available", lambda: False, raising=False)
    out = tmp_path / "doc.pdf"
    result = run(str(scans.page1_png), "-o", str(out))
    with pikepdf.open(out) as pdf:
        assert pdf.open_metadata().pdfa_status == ""
    (line,) = result.stderr.splitlines()
    assert line.startswith("ocr-repair: note: ") and "plain PDF, not PDF/A-2b" in line
    assert "Förderung" in pdftotext(out)
