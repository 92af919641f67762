"""The scan path hears Tesseract's own evidence: each word's confidence reaches the judge
(through the page join, normalisation and layout), a doubted word one usual confusion
from a reading is repaired, a word read surely keeps its letters against weak evidence.

The pages here are made up as Tesseract gives them (text built from word boxes with their
confidences, ``tesseract.layout_text``'s shape), so no OCR runs."""

from __future__ import annotations

import dataclasses
import pickle

from conftest import needs_tesseract

from ocr_repair import judge_rules, pipeline, tesseract
from ocr_repair.config import Config
from ocr_repair.models import Document, Page, WordBox
from ocr_repair.ocr_confidence import WordConfidences


def scan_page(paragraphs: list[list[str]], confs: dict[str, float], number: int = 1, default: float = 93.0) -> Page:
    """A scanned page: paragraphs of lines of words, each word's confidence from ``confs``
    (by the word as written) or ``default``."""
    boxes, texts, top = [], [], 10
    for b, para in enumerate(paragraphs, 1):
        lines = []
        for li, line in enumerate(para, 1):
            left = 10
            for w in line.split():
                boxes.append(WordBox(text=w, left=left, top=top, width=12 * len(w), height=30, conf=confs.get(w, default),
                                     block=b, par=1, line=li))
                left += 12 * len(w) + 10
            lines.append(" ".join(line.split()))
            top += 40
        texts.append("\n".join(lines))
        top += 40
    conf = [b.conf for b in boxes]
    return Page(source=f"scan-{number}.png", number=number, text="\n\n".join(texts) + "\n",
                mean_confidence=sum(conf) / len(conf), words=len(conf), boxes=boxes, width=2000, height=3000, dpi=300)


PARAS = [["Die Stadt hat für die Bürger das neue Gebaude",
          "am Markt gebaut, die Brücke folgt im Mai."],
         ["Die Kriminalpolizel sucht Zeugen für den Unfall."]]


def convert(confs: dict[str, float], evidence: bool | None = None, default: float = 93.0):
    doc = Document(sources=["scan-1.png"], pages=[scan_page(PARAS, confs, default=default)], ocr_engine="tesseract 5")
    return pipeline.repair_document(doc, Config(), ocr_evidence=evidence)


def found(result, before: str):
    return [c for c in result.corrections if c.before == before]


def test_a_doubted_word_one_confusion_away_is_repaired():
    r = convert({"Gebaude": 41})
    (c,) = found(r, "Gebaude")
    assert (c.after, c.applied, c.confidence) == ("Gebäude", True, judge_rules.Confidence.OCR_DOUBTED)
    assert "Tesseract doubted it (41)" in c.why
    assert "neue Gebäude" in r.text


def test_without_the_evidence_it_stays_a_suspect():
    # the same page, the evidence off (what a transcription gets): a suspect, not applied
    r = convert({"Gebaude": 41}, evidence=False)
    (c,) = found(r, "Gebaude")
    assert (c.after, c.applied) == ("Gebäude", False)
    assert "neue Gebaude" in r.text


def test_a_word_read_surely_is_no_suspect():
    r = convert({"Gebaude": 97})
    assert not found(r, "Gebaude")
    assert found(convert({"Gebaude": 97}, evidence=False), "Gebaude")


def test_a_middling_confidence_changes_nothing():
    a, b = convert({}, default=75), convert({}, default=75, evidence=False)
    assert a.corrections
    assert [(c.before, c.after, c.confidence, c.applied) for c in a.corrections] == \
        [(c.before, c.after, c.confidence, c.applied) for c in b.corrections]


def test_a_noise_reading_gives_way_to_a_sure_reading_only():
    # one blurred letter of a frequent word: fixed where Tesseract doubted it, or had no say
    for confs in ({"Kriminalpolizel": 30}, {}):
        r = convert({"Gebaude": 75, **confs}, evidence=bool(confs))
        assert "Die Kriminalpolizei sucht" in r.text
    r = convert({"Gebaude": 75, "Kriminalpolizel": 96})
    assert "Die Kriminalpolizel sucht" in r.text and not found(r, "Kriminalpolizel")


def test_the_confidence_reaches_the_word_through_join_normalise_and_layout():
    # two pages, a ligature (normalised to two letters), the second page's page number
    # dropped as furniture: each word of the repaired text still gets its own OCR word's
    p1 = scan_page([["Die Stadt baut"], ["das Gebaude neu"]], {"Gebaude": 41})
    p2 = scan_page([["Die oﬀene Brucke folgt"], ["2"]], {"Brucke": 22, "oﬀene": 55}, number=2)
    doc = Document(sources=["scan-1.png", "scan-2.png"], pages=[p1, p2], ocr_engine="tesseract 5")
    r = pipeline.repair_document(doc, Config())
    by = {c.before: c for c in r.corrections}
    assert "(41)" in by["Gebaude"].why and "(22)" in by["Brucke"].why
    assert by["Brucke"].page == 2 and by["Brucke"].applied


def test_word_confidences_at():
    wc = WordConfidences([(0, 3, 90.0), (4, 11, 40.0), (12, 15, 70.0)])
    assert wc.at(4, 11) == 40.0
    assert wc.at(5, 8) == 40.0  # a word inside the OCR word ("Unfal" of "Unfal!")
    assert wc.at(0, 11) == 40.0  # over two OCR words: the lower
    assert wc.at(3, 4) is None  # the space between them
    assert wc.at(20, 25) is None


def test_a_page_whose_text_is_not_its_boxes_gives_no_evidence():
    p = scan_page(PARAS, {"Gebaude": 41})
    p.text = p.text.replace("Gebaude", "Gebaude Zusatz")
    doc = Document(sources=["scan-1.png"], pages=[p], ocr_engine="tesseract 5")
    (c,) = found(pipeline.repair_document(doc, Config()), "Gebaude")
    assert not c.applied


def test_the_thresholds_are_named():
    assert judge_rules.OCR_DOUBT < judge_rules.OCR_SURE
    assert judge_rules.Confidence.OCR_DOUBTED >= judge_rules.SUSPECT_BELOW


def test_a_doubted_blur_too_rare_to_fix_is_fixed_then():
    # "Mietc": one blurred letter of "Miete", a short word: a suspect by itself (noise.py)
    def run(conf):
        doc = Document(sources=["scan-1.png"], pages=[scan_page([["Die Mietc steigt im Mai."]], {"Mietc": conf})],
                       ocr_engine="tesseract 5")
        (c,) = found(pipeline.repair_document(doc, Config()), "Mietc")
        return c.after, c.applied, c.rule
    assert run(35) == ("Miete", True, "noise")
    assert run(75) == ("Miete", False, "noise")


# -- Tesseract's alternative characters (``Config.ocr_choices``) -------------------------------

#: two words as Tesseract 5.3 writes them in hOCR with ``-c lstm_choice_mode=2`` (made up)
HOCR = """<span class='ocr_line' id='line_1_1' title="bbox 10 10 400 50">
 <span class='ocrx_word' id='word_1_1' title='bbox 10 10 60 50; x_wconf 96'>Die
  <span class='ocrx_cinfo' id='lstm_choices_1_1_1'>
   <span class='ocrx_cinfo' id='choice_1_1_1' title='x_confs 93.9'>D</span>
   <span class='ocrx_cinfo' id='choice_1_1_2' title='x_confs 0'>P</span></span>
  <span class='ocrx_cinfo' id='lstm_choices_1_1_2'>
   <span class='ocrx_cinfo' id='choice_1_1_3' title='x_confs 94.6'>i</span></span>
  <span class='ocrx_cinfo' id='lstm_choices_1_1_3'>
   <span class='ocrx_cinfo' id='choice_1_1_4' title='x_confs 94.2'>e</span>
   <span class='ocrx_cinfo' id='choice_1_1_5' title='x_confs 0.4'>&#39;</span></span>
 </span>
 <span class='ocrx_word' id='word_1_2' title='bbox 70 10 300 50; x_wconf 45'>Ärbeit
  <span class='ocrx_cinfo' id='lstm_choices_1_2_1'>
   <span class='ocrx_cinfo' id='choice_1_2_1' title='x_confs 93.2'> </span></span>
  <span class='ocrx_cinfo' id='lstm_choices_1_2_2'>
   <span class='ocrx_cinfo' id='choice_1_2_2' title='x_confs 89.4'>Ä</span>
   <span class='ocrx_cinfo' id='choice_1_2_3' title='x_confs 84.9'>A</span>
   <span class='ocrx_cinfo' id='choice_1_2_4' title='x_confs 3.5'>&lt;</span></span>
""" + "".join(f"""  <span class='ocrx_cinfo' id='lstm_choices_1_2_{i + 3}'>
   <span class='ocrx_cinfo' id='choice_1_2_{i + 5}' title='x_confs 92.0'>{ch}</span></span>
""" for i, ch in enumerate("rbeit")) + " </span>\n</span>\n"


def test_the_choices_are_read_from_tesseracts_hocr():
    words = tesseract.word_choices(HOCR)
    assert [w for w, _ in words] == ["Die", "Ärbeit"]
    assert tesseract.readings(*words[0]) == ()  # choices at (almost) 0 are no evidence
    # the space Tesseract read before a word is no character of it
    assert tesseract.readings(*words[1]) == (("Arbeit", 84.9), ("<rbeit", 3.5))


def test_no_readings_where_the_best_choices_do_not_spell_the_word():
    slots = [[(" ", 90.0)], [(" ", 80.0), ("b", 30.0)], *[[(ch, 90.0), ("x", 40.0)] for ch in "rachte"]]
    assert tesseract.readings("brachte", slots) == ()


def test_the_alternatives_reach_the_judge_cut_to_its_word():
    wc = WordConfidences([(0, 12, 40.0), (13, 16, 95.0)],
                         {0: ("Ärbeitszeit,", (("Arbeitszeit,", 85.0), ("Ärbeitszeit.", 60.0)))})
    got = wc.at(0, 11)  # "Ärbeitszeit" of the OCR word "Ärbeitszeit,"
    assert got == 40.0 and got.alternatives == (("Arbeitszeit", 85.0),)
    assert not hasattr(wc.at(13, 16), "alternatives")  # no choices: a plain confidence
    assert pickle.loads(pickle.dumps(got)).alternatives == got.alternatives


def choice_page(conf: float, choices=(("Arbeitszeit", 84.9),)) -> Document:
    page = scan_page([["Die neue Ärbeitszeit gilt ab Mai für alle."]], {"Ärbeitszeit": conf})
    page.boxes = [dataclasses.replace(b, choices=choices) if b.text == "Ärbeitszeit" else b for b in page.boxes]
    return Document(sources=["scan-1.png"], pages=[page], ocr_engine="tesseract 5")


def test_a_doubted_word_whose_tesseract_alternative_is_a_word_is_repaired():
    r = pipeline.repair_document(choice_page(45), Config())
    (c,) = found(r, "Ärbeitszeit")
    assert (c.after, c.applied, c.confidence) == ("Arbeitszeit", True, judge_rules.Confidence.OCR_CHOICE)
    assert "read it also as 'Arbeitszeit' (85)" in c.why
    assert "neue Arbeitszeit gilt" in r.text


def test_a_confident_word_or_one_without_alternatives_is_left_alone():
    for doc in (choice_page(95), choice_page(75), choice_page(45, choices=()),
                choice_page(45, choices=(("Arbeitszeit", 12.0),))):  # an alternative Tesseract hardly saw
        r = pipeline.repair_document(doc, Config())
        assert "neue Ärbeitszeit gilt" in r.text
        assert all(c.rule != "ocr-choice" and "read it also" not in c.why for c in r.corrections)


def test_two_alternatives_at_two_characters_make_one_reading():
    page = scan_page([["Ein tahiger Mann kam."]], {"tahiger": 40})
    page.boxes = [dataclasses.replace(b, choices=(("fahiger", 74.0), ("tähiger", 81.0), ("tAhiger", 69.0)))
                  if b.text == "tahiger" else b for b in page.boxes]
    doc = Document(sources=["scan-1.png"], pages=[page], ocr_engine="tesseract 5")
    (c,) = found(pipeline.repair_document(doc, Config()), "tahiger")
    assert (c.after, c.applied) == ("fähiger", True) and "(74)" in c.why


def test_config_ocr_choices_asks_tesseract_for_them(monkeypatch):
    from PIL import Image

    from ocr_repair import reading

    asked = []

    def fake(image, lang, timeout, *choices):
        asked.append(choices)
        return tesseract.PageOcr("Wort\n", 90.0, 1, [])

    monkeypatch.setattr(tesseract, "ocr_page", fake)
    image = Image.new("L", (100, 100), 255)
    reading.ocr_pages([image], Config(), jobs=1)
    reading.ocr_pages([image], Config(ocr_choices=True), jobs=1)
    assert asked == [(), (True,)]


@needs_tesseract
def test_one_tesseract_run_gives_the_words_and_their_choices(scans):
    from PIL import Image

    image = Image.open(scans.page1_png)
    plain = tesseract.ocr_page(image, "deu")
    both = tesseract.ocr_page(image, "deu", choices=True)
    assert tuple(both) == tuple(plain)  # the same text, confidence and words
    assert [{k: v for k, v in b.items() if k != "choices"} for b in both.boxes] == plain.boxes
    alts = [(b["text"], r, p) for b in both.boxes for r, p in b.get("choices", ())]
    assert alts and not any("choices" in b for b in plain.boxes)
    for word, r, p in alts:  # one other character each
        assert len(r) == len(word) and sum(x != y for x, y in zip(r, word)) == 1 and 0 < p <= 100


def test_ocr_choices_is_a_setting_off_by_default(tmp_path):
    from ocr_repair import settings

    assert Config().ocr_choices is False
    (tmp_path / "pyproject.toml").write_text("[tool.ocr-repair]\nocr-choices = true\n", encoding="utf-8")
    config, _ = settings.config_for(tmp_path)
    assert config.ocr_choices is True
