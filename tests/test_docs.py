"""docs/architecture.md names the one place of each change: every module and file it
names must exist, and every module of the package must be named in it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")


def test_every_module_named_exists():
    for name in set(re.findall(r"`((?:commands/)?[a-z_]+\.py)", DOC)):
        if name.startswith(("build_", "test_", "batch_identity", "snapshot", "conftest")):
            continue
        assert (ROOT / "ocr_repair" / name).is_file(), name


def test_every_module_of_the_package_is_named():
    for path in (ROOT / "ocr_repair").rglob("*.py"):
        rel = path.relative_to(ROOT / "ocr_repair").as_posix()
        if path.name in ("__init__.py", "__main__.py"):
            continue
        assert f"`{rel}" in DOC or f"{rel.removesuffix('.py')}." in DOC, rel


def test_no_module_is_much_longer_than_600_lines():
    long = {p.name: n for p in (ROOT / "ocr_repair").rglob("*.py")
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > 650}
    assert not long
