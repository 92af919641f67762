"""Markdown rendering and layout: data-driven cases, whole documents, front matter, stability.

The cases in ``tests/cases/markdown/*.txt`` are plain text files with sections::

    === comment      what the case shows (required)
    === input        text given to ``markdown.render_text`` (layout built once, rendered) ...
    === page         ... or pages given to ``layout.join_pages`` (repeatable)
    === joined       expected output of ``join_pages``
    === expected     expected Markdown (rendered without front matter)
    === html         expected HTML of the expected Markdown (markdown-it, CommonMark)

Every case's Markdown is also checked to be stable (rendering it again changes nothing)
and to be CommonMark without accidental markup. Only the optional corpus test reads
``../shared``; it is skipped where that folder does not exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ocr_repair import layout, markdown

CASES = Path(__file__).resolve().parent / "cases" / "markdown"
ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
_SECTION = re.compile(r"^=== (\w+)[ \t]*\n", re.M)


def load_case(path: Path) -> dict[str, list[str]]:
    parts = _SECTION.split(path.read_text(encoding="utf-8"))
    assert not parts[0].strip(), f"{path.name}: text before the first section"
    sections: dict[str, list[str]] = {}
    for name, body in zip(parts[1::2], parts[2::2]):
        sections.setdefault(name, []).append(body.rstrip("\n") + "\n")
    return sections


def html(md: str) -> str:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").render(md)


def body(md: str) -> str:
    """The Markdown without its front matter."""
    return md.split("\n---\n\n", 1)[1] if md.startswith("---\n") else md


#: the HTML elements the renderer means to produce; anything else is accidental markup
ALLOWED_TAGS = {"h1", "p", "a", "br", "ul", "ol", "li"}


def assert_plain_commonmark(md: str) -> str:
    out = html(body(md))
    tags = set(re.findall(r"</?([a-z0-9]+)", out))
    assert tags <= ALLOWED_TAGS, f"unexpected markup {tags - ALLOWED_TAGS} in:\n{out}"
    assert out.count("<h1>") <= 1
    return out


def render(text: str) -> str:
    return markdown.render_text(text, None, with_front_matter=False)


# ---------------------------------------------------------------------------------------
# data-driven cases

CASE_FILES = sorted(CASES.glob("*.txt"))


def test_cases_exist():
    assert len(CASE_FILES) >= 15


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])
def test_case(path):
    case = load_case(path)
    assert case.get("comment"), f"{path.name}: say what the case shows in '=== comment'"
    if "page" in case:
        text = layout.join_pages(case["page"])
        if "joined" in case:
            assert text == case["joined"][0]
    else:
        text = case["input"][0]
    if "expected" not in case:
        assert "joined" in case, f"{path.name}: nothing to compare"
        return
    expected = case["expected"][0]
    assert render(text) == expected
    # the decisions made before the repair (``prepare``) are the renderer's own
    assert render(layout.prepare(text)) == expected
    # stable: its own output reads back to the same Markdown (and prepares to itself)
    assert render(expected) == expected
    assert render(layout.prepare(expected)) == expected
    out = assert_plain_commonmark(expected)
    if "html" in case:
        assert out == case["html"][0]


# ---------------------------------------------------------------------------------------
# units


def test_join_lines_suspended_hyphen_and_numbers():
    assert layout.join_lines(["Bildungs-", "und Förderangeboten"]) == "Bildungs- und Förderangeboten"
    assert layout.join_lines(["Telefon 0211 5867-", "3505"]) == "Telefon 0211 5867-3505"
    assert layout.join_lines(["ein Satz", "", "geht weiter"]) == "ein Satz geht weiter"


@pytest.mark.parametrize("line", ["Seite 2 von 3", "Seite 2", "- 2 -", "– 12 –", "3", "2/3", "S. 4", "Page 2 of 5"])
def test_page_numbers(line):
    assert layout._PAGE_NUMBER.match(line)


@pytest.mark.parametrize("line", ["Seite an Seite", "2016 war ein gutes Jahr", "- 2 Grad -5"])
def test_not_page_numbers(line):
    assert not layout._PAGE_NUMBER.match(line)


def test_join_pages_single_page_keeps_everything():
    text = "Titel\n\nText mit 3 Zahlen.\n\n2\n"
    assert layout.join_pages([text]) == text


def test_join_pages_drops_empty_pages():
    assert layout.join_pages(["Titel\n\nEin Satz.\n", "  \n", "Noch ein Satz.\n"]) == \
        "Titel\n\nEin Satz.\n\nNoch ein Satz.\n"


@pytest.mark.parametrize("line,expected", [
    ("Das Ministerium für Schule und Weiterbildung teilt mit:", True),
    ("Die Ministerien teilen mit:", True),
    ("Er teilte nichts mit.", False),
])
def test_issuer(line, expected):
    assert layout.is_issuer(line) is expected


@pytest.mark.parametrize("line,expected", [
    ("Düsseldorf, 28. Juni 2016", True),
    ("Karlsruhe, den 17. Februar 2020", True),
    ("Pressemitteilung Nr. 101/2020 vom 24. November 2020", True),
    ("Pressemitteilung vom 19.01.2022", True),
    ("03. März 2022", True),
    ("Düsseldorf ist die Landeshauptstadt", False),
])
def test_dateline(line, expected):
    assert layout.is_dateline(line) is expected


@pytest.mark.parametrize("text", [
    "plain", "a * b _c_ `d` [e] <f> & &amp; \\ \\* # 1. x", "C:\\Pfad\\", "ends with backslash \\",
    "„Zitat“ – mit Strich", "ein ¶ und ein § 5",
])
def test_escape_round_trip(text):
    assert layout.unescape(markdown.escape_inline(text)) == text
    assert layout.unescape(markdown.inline(text)) == text


@pytest.mark.parametrize("text,links", [
    ("siehe http://www.land.nrw.", ["<http://www.land.nrw>"]),
    ("unter www.example.org/presse, bitte", ["[www.example.org/presse](http://www.example.org/presse)"]),
    ("(https://de.wikipedia.org/wiki/A_(B))", ["<https://de.wikipedia.org/wiki/A_(B)>"]),
    ("an presse@example.org.", ["<presse@example.org>"]),
    ("kein Link: example.org und Bücher@Post", []),
])
def test_links(text, links):
    out = markdown.inline(text)
    assert re.findall(r"<[^<>]+>|\[[^\]]+\]\([^)]+\)", out) == links
    assert layout.unescape(out) == text


def test_url_not_escaped_inside():
    out = markdown.inline("https://example.org/a_b*c")
    assert out == "<https://example.org/a_b*c>"


# ---------------------------------------------------------------------------------------
# front matter


def yaml_load(text: str) -> dict:
    """PyYAML where installed, else the tiny subset parser (scalars, lists of scalars)."""
    try:
        import yaml
    except ImportError:
        return layout.parse_front_matter(text)
    return yaml.safe_load(text)


def front_matter_of(md: str) -> dict:
    assert md.startswith("---\n")
    block = md[4: md.index("\n---\n", 3)]
    data = yaml_load(block)
    assert data == layout.parse_front_matter(block)  # the renderer reads what YAML reads
    return data


def _doc(**kw):
    from ocr_repair.models import Document, Page

    pages = [Page(source="a b/\"scan\".pdf", number=n, text="x", mean_confidence=c, words=w)
             for n, (c, w) in enumerate([(90.0, 100), (80.0, 300)], start=1)]
    return Document(sources=['a b/"scan".pdf', "zwei: ä.png"], pages=pages, ocr_engine="tesseract 5.3.0", **kw)


def test_front_matter_is_valid_yaml():
    md = markdown.render_text("Titel\n\nText.\n", _doc(), applied=5, suspects=2)
    data = front_matter_of(md)
    assert data == {
        "source": ['a b/"scan".pdf', "zwei: ä.png"], "pages": 2, "ocr_engine": "tesseract 5.3.0",
        "language": "deu", "mean_word_confidence": 82.5, "corrections": 5, "suspects": 2,
    }
    assert md.split("---\n\n", 1)[1] == "# Titel\n\nText.\n"


def test_front_matter_of_transcription_and_text():
    from ocr_repair.models import Document, Page

    doc = Document(sources=["t.txt"], pages=[Page(source="t.txt", text="x")], language="deu+eng")
    data = front_matter_of(markdown.render_text("Titel\n\nText.\n", doc))
    assert data["ocr_engine"] in (None, "none") and data["language"] == "deu+eng"
    assert "mean_word_confidence" not in data
    data = front_matter_of(markdown.render_text("Titel\n\nText.\n", None, applied=1))
    assert data == {"corrections": 1, "suspects": 0}


def test_front_matter_off():
    assert markdown.render_text("Titel\n\nText.\n", _doc(), with_front_matter=False) == "# Titel\n\nText.\n"


def test_front_matter_read_back_keeps_the_source():
    md = markdown.render_text("Titel\n\nText.\n", _doc(), applied=5, suspects=2)
    # converting the Markdown again (a new "document": the .md file) keeps the provenance
    from ocr_repair.models import Document, Page

    again = markdown.render_text(md, Document(sources=["out.md"], pages=[Page(source="out.md", text=md)]))
    assert again == md
    more = front_matter_of(markdown.render_text(md, None, applied=2, suspects=0))
    assert more["corrections"] == 7 and more["suspects"] == 2 and more["pages"] == 2
    assert markdown.render_text(md, None, with_front_matter=False) == "# Titel\n\nText.\n"


# ---------------------------------------------------------------------------------------
# whole documents through the pipeline

#: an excerpt in the shape of the seed (a mis-set OCR run): a two-line title, the issuer,
#: hyphenated lines, ,quotes*, a passage lost at a page break, the contact block, links
SEED_EXCERPT = """\
 Staatssekretare Hecke und Klute er6ffnen Kommunale Integrati-
onszentren in den Kreisen Borken und Steinfurt

Das Ministerium fir Schule und Weiterbildung und das Ministerium
far Arbeit, Integration und Soziales teilen mit:

Zwei Eroffnungen in zwei Tagen: In den Kreisen Borken und Steinfurt
nahmen am 28. und 29. Juni 2016 gleich zwei neue Kommunale Integ-
rationszentren ihre Arbeit auf. Zur Eréffnung des 51. Zentrums in Borken
wirdigte der Staatssekretar im Ministerium flr Schule und Weiterbil-
dung, Ludwig Hecke, den beispielhaften Einsatz aller Beteiligten. ,Die
Neuertffnung sendet ein starkes Signal, dass wir uns in Nordrhein-
Westfalen um die nachhaltige Integration von zugewanderten Menschen
kiimmern. Mit den Kommunalen Integrationszentren haben wir dazu einen
starken Verbund geschaffen®, so der Integrationsstaatsekretar anléass-
lich der Eroffnung.
 rungsstelle sind ein wesentlicher Bestandteil des 2012 vom nordrhein-
westfalischen Landtag verabschiedeten Teilhabe- und Integrationsge-
setzes. In enger Zusammenarbeit mit schulischen und auB3erschulischen
Partnern entwickeln sie seit Jahren erfolgreich Konzepte zu Bildungs- und
Forderangeboten sowie zur Fortbildung von padagogischen Fachkraften.

Bei Nachfragen wenden Sie sich bitte an die Pressestelle des Ministeriums fur
Schule und Weiterbildung, Telefon 0211 5867-3505 oder an die Pressestelle des
Ministeriums fur Arbeit, Integration und Soziales, Telefon 0211 855-3118.

Dieser Pressetext ist auch Uber das Internet verfigbar unter der Internet-
Adresse der Landesregierung http://www.land.nrw



http://www.land.nrw/
"""


@pytest.fixture(scope="module")
def seed_md(tmp_path_factory):
    import ocr_repair

    path = tmp_path_factory.mktemp("seed") / "seed-ocr.txt"
    path.write_text(SEED_EXCERPT, encoding="utf-8")
    return path, ocr_repair.convert([path]).markdown


def test_seed_excerpt_shape(seed_md):
    _, md = seed_md
    data = front_matter_of(md)
    assert data["pages"] == 1 and data["corrections"] > 10
    paras = body(md).rstrip("\n").split("\n\n")
    assert paras[0].startswith("# Staatssekret") and paras[0].endswith("Borken und Steinfurt")
    assert "\n" not in paras[0]
    assert paras[1].startswith("Das Ministerium") and paras[1].endswith("teilen mit:")
    # the passage lost at the page break stays lost: its fragment is a paragraph of its own
    assert any(p.startswith("rungsstelle sind") for p in paras)
    assert any(p.endswith("der Eröffnung.") for p in paras)
    # the contact block keeps its lines as hard breaks
    contact = next(p for p in paras if p.startswith("Bei Nachfragen"))
    assert contact.count("\\\n") == 2
    assert "<http://www.land.nrw>" in md and paras[-1] == "<http://www.land.nrw/>"
    out = assert_plain_commonmark(md)
    assert out.count("<h1>") == 1 and out.count("<br />") == 2
    assert '<a href="http://www.land.nrw">' in out


def test_seed_excerpt_is_stable(seed_md, tmp_path):
    import ocr_repair

    _, md = seed_md
    again = tmp_path / "seed.md"
    again.write_text(md, encoding="utf-8")
    assert ocr_repair.convert([again]).markdown == md


def test_sample_press_release_is_stable():
    import ocr_repair
    from ocr_repair.config import Config

    text = (ROOT / "samples" / "press-release.txt").read_text(encoding="utf-8")
    for fm in (True, False):
        md = ocr_repair.repair_text(text, Config(front_matter=fm)).markdown
        assert ocr_repair.repair_text(md, Config(front_matter=fm)).markdown == md
    paras = body(md).rstrip("\n").split("\n\n")
    assert paras[0] == "# Land fördert sieben regionale Digitalisierungszentren in öffentlichen Bibliotheken"
    assert paras[1].endswith("teilt mit:") and paras[2] == "Düsseldorf, 28. Juni 2024"
    assert "<https://www.example.org/presse>" in md and "<presse@example.org>" in md
    assert_plain_commonmark(md)


def test_no_front_matter_option(seed_md):
    import ocr_repair
    from ocr_repair.config import Config

    path, md = seed_md
    plain = ocr_repair.convert([path], Config(front_matter=False)).markdown
    assert plain == body(md)


def test_pages_of_a_document_are_joined():
    """``repair_document`` joins the pages with ``join_pages``: furniture goes, a form feed
    inside a page's text is a page break too."""
    from ocr_repair.config import Config
    from ocr_repair.models import Document, Page
    from ocr_repair.pipeline import repair_document

    head = "Ministerium für Schule und Bildung des Landes Nordrhein-Westfalen"
    p1 = f"{head}\n\nNeue Zentren eröffnet\n\nDie Zentren öffnen im Frühjahr.\n\nSeite 1 von 2\n"
    p2 = f"{head}\n\nDie Förderung beträgt 7,05 Millionen Euro.\n\nSeite 2 von 2\n"
    doc = Document(sources=["x.txt"], pages=[Page(source="x.txt", text=p1 + "\f" + p2)])
    md = repair_document(doc, Config(front_matter=False)).markdown
    assert md == ("# Neue Zentren eröffnet\n\nDie Zentren öffnen im Frühjahr.\n\n"
                  "Die Förderung beträgt 7,05 Millionen Euro.\n")


# ---------------------------------------------------------------------------------------
# stability over the development corpus (optional: only where ../shared exists)

CORPUS_DOCS = sorted(p for p in CORPUS.iterdir() if p.is_dir()) if CORPUS.is_dir() else []
CORPUS_INPUTS = [(d, lang) for d in CORPUS_DOCS for lang in ("deu", "eng")]


@pytest.mark.skipif(not CORPUS_DOCS, reason="no development corpus at ../shared/corpus/dev")
@pytest.mark.parametrize("doc,lang", CORPUS_INPUTS, ids=[f"{d.name}-{lang}" for d, lang in CORPUS_INPUTS])
def test_corpus_markdown_is_stable(doc, lang, tmp_path):
    """``convert(md) == md`` for every corpus document: the layout alone is stable, the
    repair engine corrects nothing in its own output and flags no new suspects in it."""
    import ocr_repair

    md = ocr_repair.convert([doc / f"ocr-{lang}.txt"]).markdown
    assert_plain_commonmark(md)
    # the layout on its own: no engine in between
    assert markdown.render_text(md, None) == markdown.render_text(layout.prepare(md), None)
    assert body(markdown.render_text(md, None)) == body(md)
    path = tmp_path / "again.md"
    path.write_text(md, encoding="utf-8")
    second = ocr_repair.convert([path])
    assert not second.applied, "the repair engine changed its own output: " + "; ".join(
        f"{c.before!r} -> {c.after!r} ({c.rule})" for c in second.applied[:3])
    assert front_matter_of(second.markdown)["suspects"] == front_matter_of(md)["suspects"], \
        "suspects flagged on the second pass only: " + "; ".join(
            f"{c.before!r} -> {c.after!r} ({c.rule})" for c in second.suspects[:3])
    assert second.markdown == md
