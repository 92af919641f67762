"""Render repaired text as Markdown: title heading, paragraphs, links, front matter."""

from __future__ import annotations

import regex

from .models import Document

_URL = regex.compile(r"(?<![<(\w])((?:https?://|www\.)[^\s<>\"“”„]+?)(?=[.,;:!?)]*(?:\s|$))")
_EMAIL = regex.compile(r"(?<![<\w.+-])([\w.+-]+@[\w-]+(?:\.[\w-]+)+)(?=[.,;:!?)]*(?:\s|$))")
_LINE_START_MARKUP = regex.compile(r"^(#{1,6}(?=\s)|[-+*](?=\s)|>|\d{1,9}[.)](?=\s|$)|={3,}|-{3,}|_{3,})")


def escape_inline(text: str) -> str:
    """Escape what would otherwise become emphasis or code: ``*``, ``_``, backticks."""
    text = regex.sub(r"(?<!\\)([*_`\[\]])", r"\\\1", text)
    return text


def escape_line_start(text: str) -> str:
    m = _LINE_START_MARKUP.match(text)
    if not m:
        return text
    tok = m.group()
    if tok[0].isdigit():
        return tok[:-1] + "\\" + tok[-1] + text[len(tok):]
    return "\\" + text


def linkify(text: str) -> str:
    def url(m: regex.Match) -> str:
        target = m.group(1)
        href = target if "://" in target else "http://" + target
        return f"[{target}]({href})" if href != target else f"<{target}>"

    text = _URL.sub(url, text)
    return _EMAIL.sub(lambda m: f"<{m.group(1)}>", text)


def paragraphs(text: str) -> list[list[str]]:
    blocks = regex.split(r"\n[ \t]*\n+", text.strip("\n"))
    return [[ln.strip() for ln in b.split("\n") if ln.strip()] for b in blocks if b.strip()]


def front_matter(doc: Document | None, applied: int, suspects: int) -> str:
    lines = ["---"]
    if doc is not None:
        lines.append("source:")
        lines.extend(f"  - {_yaml_str(s)}" for s in doc.sources)
        lines.append(f"pages: {len(doc.pages)}")
        lines.append(f"ocr_engine: {_yaml_str(doc.ocr_engine) if doc.ocr_engine else 'none'}")
        lines.append(f"language: {doc.language}")
        conf = doc.mean_confidence
        if conf is not None:
            lines.append(f"mean_word_confidence: {conf:.1f}")
    lines.append(f"corrections: {applied}")
    lines.append(f"suspects: {suspects}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def _yaml_str(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def render(text: str, doc: Document | None = None, *, applied: int = 0, suspects: int = 0,
           with_front_matter: bool = True) -> str:
    blocks = paragraphs(text)
    out = []
    for i, lines in enumerate(blocks):
        para = " ".join(lines)
        body = linkify(escape_inline(para))
        if i == 0 and len(blocks) > 1 and not para.startswith("#"):
            out.append("# " + body)
        else:
            out.append(escape_line_start(body) if not para.startswith("#") else body)
    md = "\n\n".join(out) + "\n" if out else ""
    if with_front_matter:
        md = front_matter(doc, applied, suspects) + md
    return md
