"""The document of blocks (``models.Layout``): the layout analysed once, before the repair;
blocks with spans over the text the repair works on; sentence starts read from it; spans
carried through the repair's edits; rendering from the blocks as the last step.

The texts are this test's own.
"""

from __future__ import annotations

import random
import unicodedata
from types import SimpleNamespace

import pytest

from ocr_repair import layout, markdown, pipeline
from ocr_repair.config import Config
from ocr_repair.models import Block, Document, Item, Layout, Page, SpanMap
from ocr_repair.normalise import normalise
from ocr_repair.tokens import at_sentence_start, sentence_starts

RELEASE = (
    "Pressemitteilung 12/2024\n\n"
    "Neue Zentren eröffnet\n\n"
    "Die Zentren öffnen im Frühjahr. Sie beraten Familien und\n"
    "Schulen in allen Kreisen des Landes.\n\n"
    "Die Angebote:\n"
    "- Beratung für Familien\n"
    "- Sprachkurse\n\n"
    "Pressekontakt: Anna Muster\n"
    "Telefon 0211 1234\n"
)


def spans(found: Layout) -> list[tuple]:
    return [(b.kind, found.text[b.start:b.end], [(i.marker, found.text[i.start:i.end]) for i in b.items])
            for b in found.blocks]


# ---------------------------------------------------------------------------------------
# blocks and spans


def test_blocks_and_spans_of_a_release():
    found = layout.build(RELEASE)
    assert spans(found) == [
        ("para", "Pressemitteilung 12/2024", []),  # a dateline: a paragraph of its own
        ("title", "Neue Zentren eröffnet", []),
        ("para", "Die Zentren öffnen im Frühjahr. Sie beraten Familien und\nSchulen in allen Kreisen des Landes.",
         []),
        ("para", "Die Angebote:", []),
        ("list", "- Beratung für Familien\n\n- Sprachkurse",
         [("-", "- Beratung für Familien"), ("-", "- Sprachkurse")]),
        ("contact", "Pressekontakt: Anna Muster\nTelefon 0211 1234", []),
    ]
    # the text the repair works on: the paragraph decisions as blank lines, lines kept
    assert found.text == layout.prepare(RELEASE)
    assert [ln for ln in found.text.split("\n") if ln] == [ln for ln in RELEASE.split("\n") if ln]


def test_blocks_over_the_text_as_it_stands():
    """Without ``rewrite`` the spans are in the given text: the same blocks, the same lines."""
    found = layout.build(RELEASE, rewrite=False)
    assert found.text == RELEASE
    rewritten = layout.build(RELEASE)
    assert [(k, t.replace("\n\n", "\n"), [(m, x) for m, x in i]) for k, t, i in spans(found)] == \
        [(k, t.replace("\n\n", "\n"), i) for k, t, i in spans(rewritten)]


def test_heading_and_front_matter_blocks():
    md = "---\nsource:\n  - \"x.txt\"\ncorrections: 0\n---\n\nPressemitteilung 12/2024\n\n# Neue Zentren\n\nText.\n"
    found = layout.build(md)
    kinds = [b.kind for b in found.blocks]
    assert kinds[:3] == ["front-matter", "para", "heading"]
    assert found.text[found.blocks[2].start:found.blocks[2].end] == "# Neue Zentren"


# ---------------------------------------------------------------------------------------
# sentence starts: read from the layout, the same as looking back from every word


def brute(text: str) -> list[int]:
    return [p for p in range(len(text))
            if (text[p].isalnum() or unicodedata.category(text[p]).startswith("M")) and at_sentence_start(text, p)]


@pytest.mark.parametrize("text", [
    "", "a", "Ende. Der Anfang", "z. B. das Haus", "Nr. 3 und Abs. 2 gelten", "am 28. Mai kam er",
    "Titel\n\n1 Absatz\n\n12 Zeilen", "„Zitat.“ – Und dann: weiter; fort", "Er sagte:\n\n\t- Punkt",
    "Wort\n \nneu", "A.B. c", "e\u0308twas. \u0308a", "\n\n²\n\nx",
])
def test_sentence_starts_are_at_sentence_start(text):
    assert sentence_starts(text) == brute(text)


def test_sentence_starts_random_texts():
    alphabet = list("ab A1.\n\n !?:;,-„\"z.B.Nr.2²") + ["\u0308", "\t", "—"]
    rnd = random.Random(11)
    for _ in range(2000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert sentence_starts(text) == brute(text), repr(text)


def test_each_block_starts_a_sentence():
    found = layout.build(RELEASE)
    starts = set(found.sentence_starts)
    for b in found.blocks:
        first = b.start + len(found.text[b.start:b.end]) - len(found.text[b.start:b.end].lstrip("- "))
        assert first in starts
    assert found.text.index("Sie beraten") in starts
    assert found.text.index("Schulen") not in starts


def test_repair_reads_the_sentence_starts_it_is_given(monkeypatch):
    """The repair asks the layout, not the text: with no sentence starts, a capital word
    at a paragraph start is judged as one inside a sentence."""
    from ocr_repair import repair

    seen = _spy_on_the_judge(monkeypatch)
    # every word to the judge: the fast path skips known words it keeps anywhere
    monkeypatch.setattr(repair, "_kept_anywhere", lambda *a: False)
    found = layout.build(RELEASE)
    lex = pipeline.get_lexicon(Config())
    repair.analyse(found.text, Config(), lex, found.sentence_starts)
    assert ("Die", True) in seen and ("Schulen", False) in seen
    seen.clear()
    repair.analyse(found.text, Config(), lex, [])
    assert ("Die", True) not in seen and ("Die", False) in seen


# ---------------------------------------------------------------------------------------
# normalise: once per document


def test_normalise_runs_once_per_document(monkeypatch):
    calls = []
    real_mapped = pipeline.normalise_mapped
    monkeypatch.setattr(pipeline, "normalise_mapped", lambda t: calls.append(t) or real_mapped(t))
    monkeypatch.setattr(pipeline, "normalise", lambda t: pytest.fail("normalise run a second time"))
    text = "Titel\r\n\r\nEin Satz mit ﬁ und einem wei\u00adchen Trenner.  \n\n\n\nNoch einer.\n"
    doc = Document(sources=["x.txt"], pages=[Page(source="x.txt", text=text)])
    pipeline.repair_document(doc, Config(front_matter=False))
    assert calls == [text]


@pytest.mark.parametrize("text", [
    RELEASE, "\n\n  Titel  \n\n\n\nText\u00ad\nweiter  \n\f\nSeite 2\n", "---\nsource: a\n---\n# T\n\nText.\n",
    "Ein Satz, der\n\nweitergeht.\n\n\n", " \n \t\n", "e\u0301 ﬁ\u200b\n",
])
def test_the_prepared_text_is_normalised(text):
    """Writing the paragraph decisions back changes nothing ``normalise`` would change: so
    the repair's text needs no second run."""
    prepared = layout.build(normalise(text)).text
    assert normalise(prepared) == prepared


# ---------------------------------------------------------------------------------------
# spans through edits


def edit(start: int, end: int, after: str):
    return SimpleNamespace(start=start, end=end, after=after)


def test_span_map_at_edit_boundaries():
    # "abcdefghij": "cd" -> "X" (2:4), an insertion "++" at 6, "ij" -> "IJKL" (8:10)
    m = SpanMap([edit(2, 4, "X"), edit(6, 6, "++"), edit(8, 10, "IJKL")])
    new = "abXef++ghIJKL"
    assert [m.start(p) for p in range(11)] == [0, 1, 2, 2, 3, 4, 5, 8, 9, 9, 13]
    assert [m.end(p) for p in range(11)] == [0, 1, 2, 3, 3, 4, 7, 8, 9, 13, 13]
    # a span ending where an edit starts leaves it out; one starting there takes it in
    assert new[m.start(0):m.end(2)] == "ab" and new[m.start(2):m.end(5)] == "Xe"
    # an edit a span starts or ends inside of is whole in it
    assert new[m.start(1):m.end(3)] == "bX" and new[m.start(3):m.end(5)] == "Xe"
    # an insertion at either end of a span is in it
    assert new[m.start(6):m.end(8)] == "++gh" and new[m.start(4):m.end(6)] == "ef++"
    assert new[m.start(0):m.end(10)] == new


def test_blocks_moved_through_edits():
    text = "Titel\n\nEin Wort-\nteil hier.\n\n- eins\n\n- zwei\n"

    def at(s: str) -> tuple[int, int]:
        return text.index(s), text.index(s) + len(s)

    para, one, two = at("Ein Wort-\nteil hier."), at("- eins"), at("- zwei")
    found = Layout(text, [Block("title", 0, 5), Block("para", *para),
                          Block("list", one[0], two[1], [Item("-", *one), Item("-", *two)])],
                   [0, para[0], one[0] + 2, two[0] + 2])
    join = at("Wort-\nteil")
    fixed = "Titel\n\nEin Wortteil\nhier.\n\n- eins\n\n- zwei, drei\n"
    moved = found.moved([edit(*join, "Wortteil"), edit(join[1], join[1] + 1, "\n"), edit(two[1], two[1], ", drei")],
                        fixed)
    assert [(b.kind, fixed[b.start:b.end]) for b in moved.blocks] == [
        ("title", "Titel"), ("para", "Ein Wortteil\nhier."), ("list", "- eins\n\n- zwei, drei")]
    assert [fixed[i.start:i.end] for i in moved.blocks[2].items] == ["- eins", "- zwei, drei"]
    assert [fixed[p] for p in moved.sentence_starts] == ["T", "E", "e", "z"]


def test_a_word_joined_over_a_block_break_joins_the_blocks():
    """"Shell-" / blank line / "Skript zu schreiben": the rejoined word is on one line
    now, so its two blocks are one (as the Markdown of the repaired text reads)."""
    text = "Ein Shell-\n\nSkript zu schreiben.\n\nDanach.\n"
    a, b, c = text.index("Ein"), text.index("Skript"), text.index("Danach")
    found = Layout(text, [Block("para", a, b - 2), Block("para", b, c - 2), Block("para", c, c + 7)], [])
    fixed = "Ein Shell-Skript\nzu schreiben.\n\nDanach.\n"
    moved = found.moved([edit(4, b + 6, "Shell-Skript"), edit(b + 6, b + 7, "\n")], fixed)
    assert [(b.kind, fixed[b.start:b.end]) for b in moved.blocks] == [
        ("para", "Ein Shell-Skript\nzu schreiben."), ("para", "Danach.")]


# ---------------------------------------------------------------------------------------
# rendering: the last step, from the blocks


def test_render_writes_the_blocks_it_is_given():
    found = layout.build(RELEASE)
    md = markdown.render(found.blocks, found.text, None, with_front_matter=False)
    assert md == ("Pressemitteilung 12/2024\n\n# Neue Zentren eröffnet\n\n"
                  "Die Zentren öffnen im Frühjahr. Sie beraten Familien und Schulen in allen Kreisen des Landes.\n\n"
                  "Die Angebote:\n\n- Beratung für Familien\n- Sprachkurse\n\n"
                  "Pressekontakt: Anna Muster\\\nTelefon 0211 1234\n")
    # the kinds are the layout's: the same text as one paragraph is written as one
    para = [Block("para", 0, len(found.text.rstrip("\n")))]
    assert markdown.render(para, found.text, None, with_front_matter=False).count("\n\n") == 0


def test_render_does_not_analyse_the_layout_again(monkeypatch):
    """``layout.analyse`` runs inside ``layout.build`` only, once per document."""
    real_build, real_analyse = layout.build, layout.analyse
    calls = []

    def refused(*a, **k):
        pytest.fail("the layout analysed outside layout.build")

    def build(text, **kw):
        calls.append(text)
        monkeypatch.setattr(layout, "analyse", real_analyse)
        try:
            return real_build(text, **kw)
        finally:
            monkeypatch.setattr(layout, "analyse", refused)

    monkeypatch.setattr(layout, "build", build)
    monkeypatch.setattr(layout, "analyse", refused)
    text = RELEASE.replace("Familien und\nSchulen", "Fami-\nlien und Schulen")
    doc = Document(sources=["x.txt"], pages=[Page(source="x.txt", text=text)])
    result = pipeline.repair_document(doc, Config(front_matter=False))
    assert "Die Zentren öffnen im Frühjahr. Sie beraten Familien und Schulen in allen" in result.markdown
    assert result.layout is not None and result.layout.text == result.text
    # repair_text too: its blocks are built once, over the text as it stands
    assert pipeline.repair_text(text, Config(front_matter=False)).markdown == result.markdown
    assert len(calls) == 2


def test_paragraphs_are_decided_on_the_lines_as_read():
    """On purpose (10 of the 489 corpus Markdown outputs changed, all by this): the
    paragraphs are decided on the lines as OCR read them, not on the lines the repair made.
    Here the word rejoined over the line break ("zurückge-" / "wiesen.") moved the rest of
    the line down, and the repaired line ends a sentence before a label-like line: read
    again, the repaired text splits the paragraph there; the line as read runs on."""
    text = ("Entscheidung des Gerichts\n\n"
            "Der Senat des Bundesgerichtshofs hat die Beschwerde des Beteiligten zu 1 zurückge-\n"
            "wiesen. Dem liegen folgende Erwägungen zugrunde:\n\n"
            "Das Beschwerdegericht lehnt es zu Recht ab, das Grundbuchamt zur Eintragung eines\n"
            "Widerspruchs gegen die Löschung des Wohnungsrechts anzuweisen, weil durch die Löschung\n"
            "keine gesetzlichen Vorschriften verletzt worden sind.\n")
    doc = Document(sources=["x.txt"], pages=[Page(source="x.txt", text=text)])
    result = pipeline.repair_document(doc, Config(front_matter=False))
    one = "zu 1 zurückgewiesen. Dem liegen folgende Erwägungen zugrunde:\n\n"
    assert one in result.markdown
    # what rendering the repaired text's own layout (the old second analysis) gave
    assert one not in markdown.render_text(result.text, None, with_front_matter=False)


def test_the_fast_path_reads_the_same_sentence_starts(monkeypatch):
    """A word the fast path keeps only at a sentence's start ("Die") is sent to the judge
    where the layout's starts say it stands inside a sentence (the merge of the layout's
    starts with repair's per-form fast path)."""
    from ocr_repair import repair

    seen = _spy_on_the_judge(monkeypatch)
    found = layout.build(RELEASE)
    lex = pipeline.get_lexicon(Config())
    repair.analyse(found.text, Config(), lex, found.sentence_starts)
    assert ("Die", True) not in seen and ("Die", False) not in seen
    repair.analyse(found.text, Config(), lex, [])
    assert ("Die", False) in seen


def _spy_on_the_judge(monkeypatch) -> list:
    """The (word, sentence_start) of every word the repair sends to the judge, in order."""
    from ocr_repair import repair

    seen = []
    real = repair.MisreadRepairer.judge

    def judge(self, word, sentence_start, *a, **k):
        seen.append((word, sentence_start))
        return real(self, word, sentence_start, *a, **k)

    monkeypatch.setattr(repair.MisreadRepairer, "judge", judge)
    return seen
