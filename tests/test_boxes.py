"""The repaired words traced back to Tesseract's word boxes (ocr_repair.boxes), on pages
made up here as Tesseract's ``image_to_data`` would give them: no OCR runs."""

from __future__ import annotations

from ocr_repair import tesseract
from ocr_repair.boxes import correction_boxes, edits, place, source_text
from ocr_repair.config import Config
from ocr_repair.corrections import Correction
from ocr_repair.models import Document, Page, Result
from ocr_repair.pipeline import repair_document

#: a word's height and a space's width in pixels, and where a page's text starts
H, SPACE, LEFT, TOP = 40, 20, 300, 300


def make_page(paragraphs: list[list[str]], number: int = 1) -> Page:
    """A page whose paragraphs are lists of lines (strings of words), laid out left to
    right, 20 px per character, lines 60 px apart, paragraphs 120 px apart."""
    data = {k: [] for k in ("text", "left", "top", "width", "height", "conf", "block_num",
                            "par_num", "line_num")}
    y = TOP
    for p, lines in enumerate(paragraphs, start=1):
        for n, line in enumerate(lines, start=1):
            x = LEFT
            for word in line.split():
                for key, val in (("text", word), ("left", x), ("top", y), ("width", 20 * len(word)),
                                 ("height", H), ("conf", 91.0), ("block_num", p), ("par_num", 1),
                                 ("line_num", n)):
                    data[key].append(val)
                x += 20 * len(word) + SPACE
            y += 60
        y += 60
    text, conf, words = tesseract.layout_text(data)
    return Page(source="scan.png", number=number, text=text, mean_confidence=conf, words=words,
                boxes=tesseract.word_boxes(data), width=2480, height=3508, dpi=300)


def placed_words(result: Result):
    return [(pp.page.number, w) for pp in place(result) for w in pp.words]


def convert_pages(*pages: Page) -> Result:
    doc = Document(sources=["scan.png"], pages=list(pages), ocr_engine="tesseract 5")
    return repair_document(doc, Config())


def box_of(page: Page, text: str):
    (b,) = [b for b in page.boxes if b.text == text]
    return (b.left, b.top, b.left + b.width, b.top + b.height)


def as_tuple(box):
    return (round(box.left), round(box.top), round(box.right), round(box.bottom))


def test_a_repaired_word_keeps_its_box():
    page = make_page([["Die Ful3ball Saison beginnt"]])
    result = convert_pages(page)
    assert "Fußball" in result.text
    words = {w.text: w for _, w in placed_words(result)}
    fb = words["Fußball"]
    assert fb.changed and fb.ocr == "Ful3ball" and not fb.hyphen
    assert as_tuple(fb.box) == box_of(page, "Ful3ball")
    assert 0 < fb.conf <= 1
    die = words["Die"]
    assert not die.changed and die.conf == 0.91 and as_tuple(die.box) == box_of(page, "Die")


def test_every_ocr_word_is_placed_in_order():
    page = make_page([["Die Bürger kiimmern sich", "um die Stadt."], ["Zweiter Absatz hier."]])
    result = convert_pages(page)
    words = [w for _, w in placed_words(result)]
    assert [w.text for w in words] == result.text.split()
    assert len(words) == len(page.boxes)
    assert [w.ocr for w in words] == [b.text for b in page.boxes]


def test_a_word_rejoined_over_a_line_break_keeps_both_boxes():
    page = make_page([["Die Stra-", "Bensperren sind weg."]])
    result = convert_pages(page)
    assert "Straßensperren" in result.text
    parts = [w for _, w in placed_words(result) if w.whole == "Straßensperren"]
    assert [(w.text, w.hyphen, w.ocr) for w in parts] == [("Stra", 1, "Stra-"), ("ßensperren", 2, "Bensperren")]
    assert as_tuple(parts[0].box) == box_of(page, "Stra-")
    assert as_tuple(parts[1].box) == box_of(page, "Bensperren")
    assert all(w.changed for w in parts)


def test_a_word_only_rejoined_keeps_tesseracts_confidence():
    page = make_page([["Die Berufungs-", "verfahren laufen."]])
    result = convert_pages(page)
    parts = [w for _, w in placed_words(result) if w.whole == "Berufungsverfahren"]
    assert [(w.text, w.changed, w.conf) for w in parts] == [("Berufungs", True, 0.91), ("verfahren", True, 0.91)]
    page = make_page([["Die Stra-", "Bensperren sind weg."]])
    parts = [w for _, w in placed_words(convert_pages(page)) if w.whole == "Straßensperren"]
    assert parts[0].conf == 0.91 and parts[1].conf == 0.95  # "ßensperren" is the repair's


def test_a_real_hyphen_at_a_line_end_stays_in_the_first_part():
    page = make_page([["Das Land Nordrhein-", "Westfalen hilft."]])
    result = convert_pages(page)
    assert "Nordrhein-Westfalen" in result.text
    parts = [w for _, w in placed_words(result) if w.whole == "Nordrhein-Westfalen"]
    assert [(w.text, w.hyphen) for w in parts] == [("Nordrhein-", 1), ("Westfalen", 2)]


def test_running_headers_the_text_drops_stay_as_read():
    pages = [make_page([["Pressemitteilung des Landes"], ["Die Bürger kiimmern sich um", "die Stadt."],
                        ["Seite 1"]], 1),
             make_page([["Pressemitteilung des Landes"], ["Ein zweiter Absatz folgt."], ["Seite 2"]], 2)]
    result = convert_pages(*pages)
    assert "Pressemitteilung" not in result.text and "Seite" not in result.text
    placed = place(result)
    for pp, page in zip(placed, pages):
        furniture = [w.text for w in pp.words if w.furniture]
        assert furniture == ["Pressemitteilung", "des", "Landes", "Seite", str(page.number)]
        assert len(pp.words) == len(page.boxes)
    assert "kümmern" in [w.text for w in placed[0].words]


def _result(text: str, page: Page, *corrections: Correction) -> Result:
    fixed = text
    for c in sorted(corrections, key=lambda c: -c.start):
        fixed = fixed[: c.start] + c.after + fixed[c.end:]
    doc = Document(sources=["scan.png"], pages=[page])
    return Result(text=fixed, markdown="", corrections=list(corrections), document=doc)


def test_a_split_shares_the_box_and_a_deletion_removes_the_word():
    page = make_page([["Bundestages!Verehrte Damen | und Herren"]])
    text = page.text
    i = text.index("!") + 1
    j = text.index("| ")
    split = Correction(start=i, end=i, before="", after=" ", rule="test")
    gone = Correction(start=j, end=j + 2, before="| ", after="", rule="test")
    result = _result(text, page, split, gone)
    assert source_text(result) == text
    words = [w for _, w in placed_words(result)]
    assert [w.text for w in words] == ["Bundestages!", "Verehrte", "Damen", "und", "Herren"]
    left, top, right, bottom = box_of(page, "Bundestages!Verehrte")
    a, b = words[0].box, words[1].box
    assert a.left == left and b.right == right and a.right == b.left
    assert left + 0.55 * (right - left) < a.right < left + 0.65 * (right - left)  # 12 of 20 characters
    assert (a.top, a.bottom) == (top, bottom)
    assert "|" not in [w.ocr for w in words]


def test_a_word_no_ocr_word_has_is_not_lost():
    """Should the text hold a word Tesseract's boxes lack, it shares its neighbour's box."""
    page = make_page([["Die Saison beginnt heute"]])
    page.text = page.text.replace("Saison", "Saison neue")
    result = convert_pages(page)
    words = [w for _, w in placed_words(result)]
    assert [w.text for w in words] == ["Die", "Saison", "neue", "beginnt", "heute"]
    left, top, right, bottom = box_of(page, "Saison")
    assert words[1].box.left == left and words[2].box.right == right
    assert words[1].box.right == words[2].box.left


def test_a_transcription_has_no_places():
    doc = Document(sources=["x.txt"], pages=[Page(source="x.txt", text="Die Ful3ball Saison\n")])
    result = repair_document(doc, Config())
    assert [pp.words for pp in place(result)] == [[]]


def test_source_text_rebuilds_what_the_repair_was_given():
    page = make_page([["Die Ful3ball Saison und die Stra-", "Bensperren fir alle."]])
    result = convert_pages(page)
    assert any(c.rule == "dehyphenate" for c in result.corrections)
    src = source_text(result)
    assert result.edits
    for c in result.edits:
        assert src[c.start : c.end] == c.before


def test_each_correction_knows_the_boxes_of_the_words_it_touches():
    page = make_page([["Die Ful3ball Saison und die Stra-", "Bensperren fir alle."]])
    result = convert_pages(page)
    found = {c.after: [(n, as_tuple(b)) for n, b in boxes] for c, boxes in correction_boxes(result)
             if c.rule != "line-move"}
    assert found["Fußball"] == [(1, box_of(page, "Ful3ball"))]
    assert found["Straßensperren"] == [(1, box_of(page, "Stra-")), (1, box_of(page, "Bensperren"))]
    assert found["für"] == [(1, box_of(page, "fir"))]


def test_repaired_words_on_a_later_page_keep_their_boxes():
    """The corrections report page 2's own offsets; the boxes follow the edits the repair
    made in its one text (``Result.edits``), not those offsets."""
    pages = [make_page([["Pressemitteilung des Landes"], ["Ein erster Absatz steht hier."], ["Seite 1"]], 1),
             make_page([["Pressemitteilung des Landes"], ["Die Ful3ball Saison und die Stra-",
                                                          "Bensperren fir alle."], ["Seite 2"]], 2)]
    result = convert_pages(*pages)
    fix = next(c for c in result.corrections if c.after == "Fußball")
    assert fix.page == 2 and pages[1].text[fix.start : fix.end] == "Ful3ball"
    found = {c.after: [(n, as_tuple(b)) for n, b in boxes] for c, boxes in correction_boxes(result)
             if c.rule != "line-move"}
    assert found["Fußball"] == [(2, box_of(pages[1], "Ful3ball"))]
    assert found["Straßensperren"] == [(2, box_of(pages[1], "Stra-")), (2, box_of(pages[1], "Bensperren"))]
    placed = {(n, w.text): w for n, w in placed_words(result)}
    assert as_tuple(placed[(2, "Fußball")].box) == box_of(pages[1], "Ful3ball")
    assert placed[(2, "Fußball")].changed
    words = [w.whole for n, w in placed_words(result) if not w.furniture and w.hyphen < 2]
    assert words == result.text.split()


def test_the_furniture_removed_is_boxed_where_it_was_read():
    pages = [make_page([["Pressemitteilung des Landes"], ["Die Bürger kiimmern sich um", "die Stadt."],
                        ["Seite 1"]], 1),
             make_page([["Pressemitteilung des Landes"], ["Ein zweiter Absatz folgt."], ["Seite 2"]], 2)]
    result = convert_pages(*pages)
    removed = [(c, boxes) for c, boxes in correction_boxes(result) if c.rule == "page-furniture"]
    assert len(removed) == 4
    for c, boxes in removed:
        page = pages[c.page - 1]
        assert [n for n, _ in boxes] == [page.number] * len(c.before.split())
        assert [as_tuple(b) for _, b in boxes] == [box_of(page, w) for w in c.before.split()]
    assert edits(result) == sorted(result.edits, key=lambda c: c.start)
    assert all(c.rule != "page-furniture" for c in result.edits)
