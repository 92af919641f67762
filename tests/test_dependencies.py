"""pyproject.toml's dependencies match the imports: every runtime dependency is imported by
the package, every third-party module the package imports is a runtime dependency (or
an optional extra's), and what the benchmarks import comes with the ``dev`` extra."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: distribution name -> the module it is imported as, where they differ
MODULE_OF = {"pillow": "PIL", "pyspellchecker": "spellchecker", "dask[distributed]": "distributed",
             "markdown-it-py": "markdown_it"}


#: modules the package imports that come with a declared dependency (pdf_output.py: OCRmyPDF's own)
COME_WITH = {"pikepdf": "ocrmypdf", "img2pdf": "ocrmypdf"}


def _requirements(specs: list[str]) -> dict[str, str]:
    """{distribution name (lower case, extras kept), its module name} of requirement strings."""
    import re

    out = {}
    for spec in specs:
        name = re.match(r"[A-Za-z0-9_.\-]+(\[[^\]]*\])?", spec).group(0).lower()
        out[name] = MODULE_OF.get(name, name.split("[")[0].replace("-", "_"))
    return out


def _project() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _imports(folder: Path) -> set[str]:
    """Top-level names of the absolute imports of every .py file under ``folder``."""
    names: set[str] = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names.update(a.name.split(".")[0] for a in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    return names


def _third_party(names: set[str], own: set[str]) -> set[str]:
    return {n for n in names if n not in sys.stdlib_module_names and n not in own and n != "__future__"}


def test_every_runtime_dependency_is_imported_by_the_package():
    runtime = _requirements(_project()["dependencies"])
    imported = _imports(ROOT / "ocr_repair")
    unused = sorted(dist for dist, module in runtime.items() if module not in imported)
    assert not unused, f"runtime dependencies the package never imports: {unused} (move them to an extra)"


def test_every_third_party_import_of_the_package_is_declared():
    project = _project()
    declared = set(_requirements(project["dependencies"]).values())
    for name in ("pdf", "dask"):
        declared |= set(_requirements(project["optional-dependencies"][name]).values())
    declared |= set(COME_WITH)
    missing = _third_party(_imports(ROOT / "ocr_repair"), {"ocr_repair"}) - declared
    assert not missing, f"imported by the package, declared nowhere: {sorted(missing)}"


def test_what_comes_with_ocrmypdf_does():
    from importlib.metadata import PackageNotFoundError, requires

    try:
        needs = {r.split(">")[0].split("[")[0].split("=")[0].split(";")[0].strip().lower() for r in requires("ocrmypdf")}
    except PackageNotFoundError:
        pytest.skip("OCRmyPDF not installed")
    assert {m for m, dist in COME_WITH.items() if dist == "ocrmypdf"} <= needs


@pytest.mark.parametrize("module", ["symspellpy", "wordfreq", "spellchecker"])
def test_the_benchmarks_peers_come_with_the_dev_extra(module):
    project = _project()
    assert module in _imports(ROOT / "benchmarks")
    assert module in _requirements(project["optional-dependencies"]["dev"]).values()


def test_what_the_benchmarks_import_is_in_the_dev_extra():
    project = _project()
    declared = set(_requirements(project["dependencies"]).values())
    declared |= set(_requirements(project["optional-dependencies"]["dev"]).values())
    local = {p.stem for p in (ROOT / "benchmarks").glob("*.py")} | {"ocr_repair", "typeset", "altoschema"}  # samples/, tests/schemas/
    missing = _third_party(_imports(ROOT / "benchmarks"), local) - declared
    assert not missing, f"imported by benchmarks/, not in the dev extra: {sorted(missing)}"
