"""ALTO XML (v4.2, https://www.loc.gov/standards/alto/) of a scanned document: every
word of every page, repaired, with its box and confidence.

One file for the document: one ``Page`` per page (in pixels of the OCR'd page image:
``MeasurementUnit`` pixel), a ``TextBlock`` per Tesseract paragraph, a
``TextLine`` per line, a ``String`` per word: ``CONTENT`` the repaired word, ``HPOS``/
``VPOS``/``WIDTH``/``HEIGHT`` its box (:mod:`ocr_repair.boxes`), ``WC`` the confidence
(Tesseract's for letters left as read, the correction's for a repaired word). A repaired
word also keeps what Tesseract read, as ``<ALTERNATIVE PURPOSE="ocr">``, and points to
the repair step (``PROCESSINGREFS``). A word rejoined over a line break is its two
parts, as ALTO writes it: ``SUBS_TYPE="HypPart1"``/``"HypPart2"``, ``SUBS_CONTENT`` the
whole word, and a ``HYP`` element for the hyphen at the end of the first line. Running
headers, footers and page numbers that the Markdown leaves out are here as Tesseract read
them, in the page's ``TopMargin``/``BottomMargin``.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import PurePath

from .boxes import Placed, PlacedPage

NS = "http://www.loc.gov/standards/alto/ns-v4#"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
SCHEMA_LOCATION = f"{NS} http://www.loc.gov/alto/v4/alto-4-2.xsd"
_HYPHENS = ("-", "\u00ad", "\u2010", "\u2011")


def _n(x: float) -> str:
    return str(int(round(x)))


def _box(el: ET.Element, box) -> None:
    el.set("HPOS", _n(box.left))
    el.set("VPOS", _n(box.top))
    el.set("WIDTH", _n(max(1, box.width)))
    el.set("HEIGHT", _n(max(1, box.height)))


def _string(parent: ET.Element, w: Placed, ident: str, prev: Placed | None) -> ET.Element | None:
    """The ``String`` of a word (or of its part on this line), after an ``SP`` from the
    word before (``prev``); the HYP for a first part is returned for the caller to put at
    the line's end."""
    content = w.text
    hyp = None
    if w.hyphen == 1:
        if content.endswith(_HYPHENS):  # a hyphen kept ("Nordrhein-"): the HYP is it
            content = content[:-1]
        if w.ocr.endswith(_HYPHENS) or w.text.endswith(_HYPHENS):
            hyp = ET.Element(f"{{{NS}}}HYP", {"CONTENT": "-"})
    if not content:  # a bare hyphen part: nothing but the HYP
        return hyp
    if len(parent) and parent[-1].tag == f"{{{NS}}}String" and prev is not None:
        sp = ET.SubElement(parent, f"{{{NS}}}SP")
        gap = w.box.left - prev.box.right
        if gap > 0:
            sp.set("HPOS", _n(prev.box.right))
            sp.set("VPOS", _n(min(prev.box.top, w.box.top)))
            sp.set("WIDTH", _n(gap))
    el = ET.SubElement(parent, f"{{{NS}}}String", {"ID": ident, "CONTENT": content})
    _box(el, w.box)
    el.set("WC", f"{min(1.0, max(0.0, w.conf)):.2f}")
    if w.hyphen:
        el.set("SUBS_TYPE", "HypPart1" if w.hyphen == 1 else "HypPart2")
        el.set("SUBS_CONTENT", w.whole)
    if w.changed:
        el.set("PROCESSINGREFS", "repair")
        if w.ocr.rstrip("".join(_HYPHENS)) != content:
            alt = ET.SubElement(el, f"{{{NS}}}ALTERNATIVE", {"PURPOSE": "ocr"})
            alt.text = w.ocr
    return hyp


def _page_space(space: ET.Element, lines: list, n: int, counts: list[int], xml_lang: str) -> None:
    """The TextBlocks (one per Tesseract paragraph) of ``lines`` in ``space``."""
    if lines:
        box = lines[0].box
        for ln in lines[1:]:
            box = box.union(ln.box)
        _box(space, box)
    block = block_box = last = None
    for ln in lines:
        if (ln.block, ln.par) != last:
            counts[0] += 1
            block = ET.SubElement(space, f"{{{NS}}}TextBlock", {"ID": f"p{n}_b{counts[0]}", "LANG": xml_lang})
            last = (ln.block, ln.par)
            block_box = ln.box
        else:
            block_box = block_box.union(ln.box)
        _box(block, block_box)
        counts[1] += 1
        line = ET.SubElement(block, f"{{{NS}}}TextLine", {"ID": f"p{n}_l{counts[1]}"})
        _box(line, ln.box)
        hyp = prev = None
        for w in ln.words:
            counts[2] += 1
            h = _string(line, w, f"p{n}_w{counts[2]}", prev)
            if h is not None:
                hyp = h
            prev = w
        if line.find(f"{{{NS}}}String") is None:  # a line of a bare hyphen: keep its box
            w = ln.words[0]
            counts[2] += 1
            el = ET.SubElement(line, f"{{{NS}}}String", {"ID": f"p{n}_w{counts[2]}", "CONTENT": w.ocr or "-"})
            _box(el, w.box)
            el.set("WC", f"{min(1.0, max(0.0, w.conf)):.2f}")
            hyp = None
        if hyp is not None:
            line.append(hyp)


def render(pages: list[PlacedPage], *, sources: list[str], ocr_engine: str | None, lang: str,
           version: str) -> str:
    """The ALTO document of ``pages`` (from :func:`ocr_repair.boxes.place`)."""
    ET.register_namespace("", NS)
    ET.register_namespace("xlink", XLINK)
    ET.register_namespace("xsi", XSI)
    root = ET.Element(f"{{{NS}}}alto", {"SCHEMAVERSION": "4.2", f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION})
    desc = ET.SubElement(root, f"{{{NS}}}Description")
    ET.SubElement(desc, f"{{{NS}}}MeasurementUnit").text = "pixel"
    info = ET.SubElement(desc, f"{{{NS}}}sourceImageInformation")
    names = list(dict.fromkeys(sources))
    ET.SubElement(info, f"{{{NS}}}fileName").text = PurePath(names[0]).name if names else ""
    for name in names[1:]:
        ET.SubElement(info, f"{{{NS}}}fileIdentifier", {"fileIdentifierLocation": "source"}).text = PurePath(name).name
    steps = []
    if ocr_engine:
        steps.append(("ocr", "contentGeneration", ocr_engine.split()[0], " ".join(ocr_engine.split()[1:]),
                      f"language model {lang}"))
    steps.append(("repair", "contentModification", "ocr-repair", version,
                  "repair of OCR misreads (umlauts, ß), dehyphenation, signs"))
    for ident, category, name, ver, what in steps:
        proc = ET.SubElement(desc, f"{{{NS}}}Processing", {"ID": ident})
        ET.SubElement(proc, f"{{{NS}}}processingCategory").text = category
        ET.SubElement(proc, f"{{{NS}}}processingStepDescription").text = what
        soft = ET.SubElement(proc, f"{{{NS}}}processingSoftware")
        ET.SubElement(soft, f"{{{NS}}}softwareName").text = name
        if ver:
            ET.SubElement(soft, f"{{{NS}}}softwareVersion").text = ver

    layout = ET.SubElement(root, f"{{{NS}}}Layout")
    xml_lang = "de"  # the text's language (ocr-repair repairs German), whatever the OCR model
    for n, pp in enumerate(pages, start=1):
        p = pp.page
        page = ET.SubElement(layout, f"{{{NS}}}Page", {"ID": f"p{n}", "PHYSICAL_IMG_NR": str(n)})
        if p.width and p.height:
            page.set("WIDTH", str(p.width))
            page.set("HEIGHT", str(p.height))
        if p.mean_confidence is not None:
            page.set("PC", f"{min(1.0, max(0.0, p.mean_confidence / 100)):.2f}")
        if ocr_engine:
            page.set("PROCESSINGREFS", "ocr repair")
        lines = [ln for ln in pp.lines if ln.words]
        # running headers / footers and page numbers (the text leaves them out) are the
        # page's margins, as ALTO has them; the rest is the print space
        body = [i for i, ln in enumerate(lines) if not all(w.furniture for w in ln.words)]
        if body:
            head, main, foot = lines[: body[0]], lines[body[0] : body[-1] + 1], lines[body[-1] + 1 :]
        else:
            head, main, foot = [], lines, []
        counts = [0, 0, 0]  # blocks, lines, words: IDs unique on the page
        for tag, part in (("TopMargin", head), ("BottomMargin", foot), ("PrintSpace", main)):
            if part or tag == "PrintSpace":
                _page_space(ET.SubElement(page, f"{{{NS}}}{tag}"), part, n, counts, xml_lang)
    ET.indent(root, space=" ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
