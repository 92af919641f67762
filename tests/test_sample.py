"""The bundled sample: the project's own typeset release converts to the expected Markdown,
and the seed transcription converts without error."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from rapidfuzz.distance import Levenshtein

from ocr_repair import Config, convert

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def _has_german_tesseract() -> bool:
    if not shutil.which("tesseract"):
        return False
    out = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True)
    return "deu" in out.stdout.split()


@pytest.mark.skipif(not _has_german_tesseract(), reason="needs tesseract with the deu model")
def test_sample_scan_converts_to_the_expected_markdown():
    expected = (SAMPLES / "press-release-scan.expected.md").read_text(encoding="utf-8")
    got = convert([SAMPLES / "press-release-scan.pdf"], Config(front_matter=False)).markdown
    # Tesseract versions differ in a character or two; the layout must be the same
    assert got.count("\n\n") == expected.count("\n\n")
    assert got.splitlines()[0] == expected.splitlines()[0]
    assert Levenshtein.distance(got, expected) / len(expected) < 0.005
    for word in ("Förderangeboten", "Nordrhein-Westfalen", "Grün-Weiß", "öffentlich zugänglich", "Schulklassen",
                 "<https://www.example.org/presse>", "„Bibliothek digital 2030“"):
        assert word in got


def test_seed_transcription_converts():
    md = convert([SAMPLES / "press-release-2016-06-ocr.txt"]).markdown
    assert md.startswith("---\n")
    body = md.split("---\n", 2)[2]
    assert body.lstrip().startswith("# Staatssekretäre Hecke und Klute eröffnen Kommunale Integrationszentren")
    for fixed in ("Fußball", "kümmern", "Maßnahmemittel", "in Höhe von", "„Die Neueröffnung", "<http://www.land.nrw>"):
        assert fixed in body
