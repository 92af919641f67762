"""The ALTO schemas the tests and ``benchmarks/outputs.py`` validate against (needs lxml).

* :func:`own`: ``alto-subset.xsd``, the subset of ALTO 4 that ocr-repair writes, our own
  schema (always there);
* :func:`official`: the official ALTO 4.2 schema, where the environment variable
  ``OCR_REPAIR_ALTO_XSD`` names a copy of it (see README.md; it is not shipped), else
  None. Its import of the XLink schema is answered by ``xlink.xsd`` here: no network.
"""

from __future__ import annotations

import functools
import os
from pathlib import Path

HERE = Path(__file__).resolve().parent
OWN = HERE / "alto-subset.xsd"
ENV = "OCR_REPAIR_ALTO_XSD"


def _parser():
    from lxml import etree

    class Local(etree.Resolver):
        def resolve(self, url, pubid, context):  # the import of xlink.xsd: the local stand-in
            if url.endswith("/xlink.xsd"):
                return self.resolve_filename(str(HERE / "xlink.xsd"), context)
            return None

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Local())
    return parser


@functools.lru_cache(maxsize=1)
def own():
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(OWN), _parser()))


def official_path() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    return Path(value) if value else None


@functools.lru_cache(maxsize=4)
def _official(path: str):
    from lxml import etree

    return etree.XMLSchema(etree.parse(path, _parser()))


def official():
    """The official schema named by ``OCR_REPAIR_ALTO_XSD``, or None where it is unset.
    A variable naming no readable schema raises (a mistake, not a skip)."""
    path = official_path()
    return None if path is None else _official(str(path))


def schemas() -> list[tuple[str, object]]:
    """(name, schema): ours, and the official one where it is named."""
    out = [("alto-subset.xsd", own())]
    off = official()
    if off is not None:
        out.append((str(official_path()), off))
    return out


def errors(doc) -> list[str]:
    """Why ``doc`` (an lxml tree or element) fails each schema: empty when it is valid."""
    found = []
    for name, schema in schemas():
        if not schema.validate(doc):
            found.append(f"{name}: {schema.error_log}")
    return found
