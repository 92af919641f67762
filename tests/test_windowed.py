"""A long transcription converted window by window (``ocr_repair.windowed``) gives the
Markdown and the corrections the whole-text path gives: windows made small here, over
made-up German text with the things that read across paragraphs (a title, numbered
items far apart, a paragraph Tesseract split, hyphenated line ends, lost umlauts, names)."""

from __future__ import annotations

import json
import os

from click.testing import CliRunner

from ocr_repair import pipeline, windowed
from ocr_repair.cli import cli
from ocr_repair.config import Config
from ocr_repair.models import Document, Page

_PARAS = [
    "Die Gemeinde hat im vergangenen Jahr viele neue Wohnungen gebaut, die nun von\n"
    "Familien bezogen werden. Der Burgermeister sprach von einem groBen Erfolg fiir\n"
    "die ganze Region und dankte allen Beteiligten fur ihre Geduld.",
    "1. Die Antragstellerin hat ihren Antrag rechtzeitig gestellt und die Griinde\n"
    "ausfiihrlich dargelegt.",
    "Im Mittelpunkt der Sitzung stand die Frage, wie die Verwaltung die Anträge der\n"
    "Bürgerinnen und Bürger schneller bearbeiten kann. Frau Annegret Wohlfahrtsberger\n"
    "erklärte, die Integrations-\nzentren seien gut ausgestattet.",
    "Nach langer Beratung beschloss der Rat, das Verfahren im kommenden Herbst zu\n"
    "prüfen und die Ergebnisse im Internet unter www.beispiel-gemeinde.de zu",
    "veröffentlichen, damit sich alle Einwohner ein Bild machen können.",
    "2. Der Antrag ist auch begründet, weil die Voraussetzungen der Vorschrift in\n"
    "vollem Umfang erfüllt sind.",
    "Zum Schluss bedankte sich Frau Wohlfahrtsberger bei den Mitarbeitern der\n"
    "Stadtwerke, die trotz der schwierigen Lage stets zuverlässig gearbeitet hätten.",
]


def _text(n: int) -> str:
    head = "Bericht über die Sitzung des Gemeinderats\n\n"
    return head + "".join(_PARAS[i % len(_PARAS)] + "\n\n" for i in range(n))


def _whole(path, config):
    text = path.read_text(encoding="utf-8")
    doc = Document(sources=[str(path)], language=config.lang)
    doc.pages.append(Page(source=str(path), number=1, text=text, words=0))
    return pipeline.repair_document(doc, config)


def test_windows_cover_the_text_and_cut_only_at_safe_blank_lines():
    text = _text(60)
    wins = list(windowed.windows(iter([text[i:i + 700] for i in range(0, len(text), 700)]), 1500))
    assert len(wins) > 3
    assert "".join(w for _, _, w in wins) == text
    for offset, lines, win in wins:
        assert text[offset:offset + len(win)] == win
        assert lines == text[:offset].count("\n")
    # the same cuts whatever pieces the file is read in
    for step in (37, 1, 5000):
        assert list(windowed.windows(iter([text[i:i + step] for i in range(0, len(text), step)]), 1500)) == wins
    for _, _, win in wins[:-1]:
        assert win.endswith("\n\n")
        last = win.rstrip("\n").rsplit("\n", 1)[-1]
        assert last.endswith(".")  # never after "zu" (a paragraph that goes on) or a hyphen


def test_small_windows_give_the_whole_texts_markdown_and_corrections(tmp_path):
    path = tmp_path / "lang.txt"
    path.write_text(_text(80), encoding="utf-8")
    config = Config()
    whole = _whole(path, config)
    out = tmp_path / "lang.md"
    got = windowed.convert_file(path, config, str(out), keep_corrections=True, size=2000)
    assert len(list(windowed.windows(windowed._decoded(path), 2000))) > 5
    assert out.read_text(encoding="utf-8") == whole.markdown
    assert [c.to_dict() for c in got.corrections] == [c.to_dict() for c in whole.corrections]
    assert any(c.rule == "dehyphenate" for c in got.corrections)
    assert any(c.line > 100 for c in got.corrections)  # positions past the first window


def test_numbered_items_far_apart_stay_a_list_across_windows(tmp_path):
    # "1." in the first window, "2." many paragraphs later: neighbours in the document
    filler = [_PARAS[0], _PARAS[2], _PARAS[6]] * 12
    text = "Überschrift des Berichts\n\n" + _PARAS[1] + "\n\n" + "\n\n".join(filler) + "\n\n" + _PARAS[5] + "\n"
    path = tmp_path / "liste.txt"
    path.write_text(text, encoding="utf-8")
    config = Config()
    out = tmp_path / "liste.md"
    windowed.convert_file(path, config, str(out), size=1500)
    md = out.read_text(encoding="utf-8")
    assert md == _whole(path, config).markdown
    assert "\n1. Die Antragstellerin" in md and "\n2. Der Antrag" in md


def test_cli_converts_a_big_text_window_by_window(tmp_path, monkeypatch):
    path = tmp_path / "gross.txt"
    path.write_text(_text(80), encoding="utf-8")
    outs = {}
    calls = []
    real = windowed.convert_file
    monkeypatch.setattr(windowed, "convert_file", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    for big in (10 ** 9, 3000):
        monkeypatch.setattr(windowed, "BIG", big)
        monkeypatch.setattr(windowed, "WINDOW", 2500)
        md, js = tmp_path / f"{big}.md", tmp_path / f"{big}.json"
        result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(md), "--explain-json", str(js),
                                          "--explain"])
        assert result.exit_code == 0, result.output
        outs[big] = md.read_text(encoding="utf-8"), json.loads(js.read_text(encoding="utf-8")), result.stderr
        assert not [p for p in os.listdir(tmp_path) if p.endswith(".tmp")]  # no temporary file left
    assert calls == [1]  # the second run went window by window
    assert outs[10 ** 9] == outs[3000]


def test_a_form_feed_goes_the_whole_way(tmp_path, monkeypatch):
    path = tmp_path / "seiten.txt"
    path.write_text(_text(20) + "\f" + _text(20), encoding="utf-8")
    monkeypatch.setattr(windowed, "BIG", 100)
    assert windowed.streamable(path)
    assert windowed.validate(path) is False  # sound, but read whole (pages)
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "s.md")])
    assert result.exit_code == 0, result.output


def test_bad_big_input_is_one_line_exit_3(tmp_path, monkeypatch):
    path = tmp_path / "kaputt.txt"
    path.write_bytes(_text(40).encode("utf-8") + b"\xff\xfe ende\n")
    monkeypatch.setattr(windowed, "BIG", 100)
    result = CliRunner().invoke(cli, ["convert", str(path), "-o", str(tmp_path / "k.md")])
    assert result.exit_code == 3
    assert "not UTF-8" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "k.md").exists()


def test_progress_is_told_each_window_and_the_end(tmp_path):
    path = tmp_path / "fortschritt.txt"
    text = _text(40)
    path.write_text(text, encoding="utf-8")
    seen = []
    windowed.convert_file(path, Config(), str(tmp_path / "f.md"), progress=lambda d, t: seen.append((d, t)),
                          size=1500)
    assert len(seen) > 3
    assert seen[-1] == (len(text), len(text))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert {t for _, t in seen} == {len(text)}


def test_cli_big_text_to_standard_output(tmp_path, monkeypatch):
    path = tmp_path / "aus.txt"
    path.write_text(_text(50), encoding="utf-8")
    monkeypatch.setattr(windowed, "WINDOW", 2000)
    runs = []
    for big in (10 ** 9, 3000):
        monkeypatch.setattr(windowed, "BIG", big)
        result = CliRunner().invoke(cli, ["convert", str(path)])
        assert result.exit_code == 0, result.output
        runs.append(result.stdout)
    assert runs[0] == runs[1] and runs[0].startswith("---\n")
