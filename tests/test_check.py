"""``ocr-repair check``: findings, exit codes, --fix/--diff/--format json, settings, ignores.

The texts are short German OCR-like passages written for these tests (a mis-set OCR run:
umlauts and ß lost, ``,Die … *`` quotes, a line-break hyphen); the names (Klute, Hecke,
Borken, Steinfurt), the programme KOMM-AN and the URL must never be reported.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from ocr_repair.cli import cli
from ocr_repair.errors import ConfigError, ExitCode
from ocr_repair.settings import find_config, load_settings, make_config

from texts import CLEAN, OCR

NEVER_REPORTED = ("Klute", "Hecke", "Borken", "Steinfurt", "KOMM", "land.nrw", "http")

FINDING_RE = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<col>\d+): (?P<verb>found|fixed) "
                        r"(?P<before>'[^']*'|\"[^\"]*\") -> (?P<after>.+) \((?P<rule>[\w-]+), (?P<conf>[01]\.\d\d)"
                        r"(?:, ambiguous)?\)$")


def run(*args: str, cwd: Path | None = None):
    runner = CliRunner()
    old = os.getcwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        return runner.invoke(cli, ["check", *args], catch_exceptions=False)
    finally:
        os.chdir(old)


def findings(output: str) -> list[re.Match]:
    return [m for m in map(FINDING_RE.match, output.splitlines()) if m]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def col_of(text: str, word: str) -> tuple[int, int]:
    """1-based line and column of ``word``'s first occurrence in ``text``."""
    for no, line in enumerate(text.split("\n"), 1):
        if word in line:
            return no, line.index(word) + 1
    raise AssertionError(word)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A folder that is a repository root: config discovery stops here."""
    (tmp_path / ".git").mkdir()
    return tmp_path


# -- findings and exit codes --------------------------------------------------------------

def test_findings_name_path_line_col_and_exit_1(repo):
    f = write(repo / "pm.txt", OCR)
    result = run(str(f))
    assert result.exit_code == ExitCode.findings == 1
    lines = result.stdout.splitlines()
    for word, fixed in (("Ful3ball", "Fußball"), ("kiimmern", "kümmern"), ("er6ffnet", "eröffnet")):
        line, col = col_of(OCR, word)
        assert any(l.startswith(f"{f}:{line}:{col}: found '{word}' -> '{fixed}' (misread, ") for l in lines), \
            (word, result.stdout)
    # every line is a finding in the documented format, none about names or the URL
    assert lines and all(FINDING_RE.match(l) for l in lines), result.stdout
    for name in NEVER_REPORTED:
        assert not [m for m in findings(result.stdout) if name in m["before"]], (name, result.stdout)
    # the summary goes to stderr, so stdout stays machine-readable
    assert "findings in 1 of 1 file" in result.stderr


def test_positions_point_at_the_text_in_the_file(repo):
    # indentation, a tab, a BOM: line and column must still point into the file as it is
    text = "\ufeffPressemitteilung\n\n\t  Beim Ful3ball ist es wie bei der Integration.\n" \
           "    Wir wollen uns darum kiimmern.\n"
    f = repo / "pm.txt"
    f.write_bytes(text.encode("utf-8"))
    result = run(str(f))
    assert result.exit_code == 1
    file_lines = text.lstrip("\ufeff").split("\n")
    found = findings(result.stdout)
    assert {m["before"] for m in found} >= {"'Ful3ball'", "'kiimmern'"}
    for m in found:
        before = ast.literal_eval(m["before"])  # a Python repr of the found text
        line = file_lines[int(m["line"]) - 1]
        assert line[int(m["col"]) - 1:].startswith(before.split("\n")[0]), m.group()


def test_clean_text_exits_0_and_prints_nothing(repo):
    f = write(repo / "pm.txt", CLEAN)
    result = run(str(f))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == ""


def test_line_break_hyphen_is_a_finding_a_real_hyphen_is_not(repo):
    text = ("Die Kommunalen Integrations-\nzentren in Nordrhein-\nWestfalen helfen seit Jahren\n"
            "vor Ort mit Beratung.\n")
    f = write(repo / "pm.txt", text)
    result = run(str(f))
    found = findings(result.stdout)
    assert [m["rule"] for m in found] == ["dehyphenate"], result.stdout
    assert found[0]["before"] == repr("Integrations-\nzentren")
    assert (found[0]["line"], found[0]["col"]) == ("1", str(text.index("Integrations") + 1))
    assert "Nordrhein" not in result.stdout  # hyphen-kept: a layout move, not a finding


def test_empty_file_is_clean(repo):
    f = write(repo / "empty.md", "\n  \n")
    assert run(str(f)).exit_code == 0


def test_folders_are_searched_for_transcriptions(repo):
    write(repo / "docs" / "a.md", OCR)
    write(repo / "docs" / "deep" / "b.txt", OCR)
    write(repo / "docs" / "code.py", "# Ful3ball\n")
    write(repo / "docs" / ".hidden" / "c.txt", OCR)
    result = run(str(repo / "docs"))
    paths = {Path(m["path"]).name for m in findings(result.stdout)}
    assert paths == {"a.md", "b.txt"}
    assert result.exit_code == 1


# -- --fix, --diff, --format json ---------------------------------------------------------

def test_fix_writes_confident_corrections_and_is_idempotent(repo):
    f = write(repo / "pm.txt", OCR)
    os.chmod(f, 0o644)
    result = run("--fix", str(f))
    fixed = f.read_text(encoding="utf-8")
    for word in ("Fußball", "kümmern", "eröffnet", "Eröffnung", "„Wir", "Landesregierung"):
        assert word in fixed, (word, fixed)
    for word in ("Ful3ball", "kiimmern", "er6ffnet"):
        assert word not in fixed
    for name in ("Klute", "Hecke", "Borken", "Steinfurt", "KOMM-AN", "http://www.land.nrw"):
        assert name in fixed
    assert "fixed 'Ful3ball' -> 'Fußball'" in result.stdout
    assert f.stat().st_mode & 0o777 == 0o644  # atomic rewrite keeps the permissions
    assert not [p for p in repo.iterdir() if p.name.endswith(".tmp")]
    # exit 1 only if findings are left; whatever is left must be ambiguous ones
    left = [m for m in findings(result.stdout) if m["verb"] == "found"]
    assert result.exit_code == (1 if left else 0)
    assert all(m.group().endswith(", ambiguous)") for m in left)

    # a second run: no confident findings remain, and a second --fix changes nothing
    again = run("--format", "json", str(f))
    assert [x for x in json.loads(again.stdout)["findings"] if x["fixable"]] == []
    run("--fix", str(f))
    assert f.read_text(encoding="utf-8") == fixed


def test_fix_leaves_ambiguous_findings_alone(repo):
    # above every confidence the engine gives, all findings are ambiguous: reported, not fixed
    f = write(repo / "pm.txt", OCR)
    result = run("--fix", "--threshold", "1", str(f))
    assert result.exit_code == 1
    assert f.read_text(encoding="utf-8") == OCR
    assert re.search(r"found 'Ful3ball' -> 'Fußball' \(misread, 0\.\d\d, ambiguous\)", result.stdout)


def test_fix_keeps_a_bom_and_only_touches_reported_lines(repo):
    text = "\ufeffBeim Ful3ball gewinnt man.\nAuch beim Ful3ball verliert man. <!-- ocr-repair: ignore -->\n"
    f = repo / "pm.md"
    f.write_bytes(text.encode("utf-8"))
    run("--fix", str(f))
    raw = f.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw.decode("utf-8-sig") == text.lstrip("\ufeff").replace("Beim Ful3ball", "Beim Fußball")


def test_diff_prints_a_unified_diff_and_changes_nothing(repo):
    f = write(repo / "pm.txt", OCR)
    result = run("--diff", str(f))
    assert result.exit_code == 1
    assert f.read_text(encoding="utf-8") == OCR
    out = result.stdout
    assert out.startswith(f"--- a/{f}\n+++ b/{f}\n@@ ")
    assert "-um die Menschen vor Ort kiimmern. Es ist wie beim Ful3ball: entscheidend ist,\n" in out
    assert "+um die Menschen vor Ort kümmern. Es ist wie beim Fußball: entscheidend ist,\n" in out
    assert "+Staatssekretär Klute eröffnet Integrationszentrum im Kreis Steinfurt\n" in out
    changed = [l for l in out.splitlines() if l.startswith(("-", "+")) and not l.startswith(("---", "+++"))]
    assert not [l for l in changed if "KOMM-AN" in l or "land.nrw" in l]
    assert "found" not in out  # confident findings are in the diff, not repeated as lines


def test_diff_of_a_clean_file_is_empty(repo):
    f = write(repo / "pm.txt", CLEAN)
    result = run("--diff", str(f))
    assert (result.exit_code, result.stdout) == (0, "")


def test_json_format(repo):
    f = write(repo / "pm.txt", OCR)
    result = run("--format", "json", str(f))
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    by_word = {x["found"]: x for x in doc["findings"]}
    ful = by_word["Ful3ball"]
    assert (ful["line"], ful["col"]) == col_of(OCR, "Ful3ball")
    assert ful["suggestion"] == "Fußball" and ful["rule"] == "misread" and ful["fixable"] is True
    assert ful["fixed"] is False and 0.8 <= ful["confidence"] <= 1
    assert OCR[ful["start"]:ful["end"]] == "Ful3ball"
    assert ful["end_col"] == ful["col"] + len("Ful3ball")
    assert doc["errors"] == [] and doc["files_checked"] == 1
    assert not any(n in x["found"] for x in doc["findings"] for n in NEVER_REPORTED)


def test_usage_errors_exit_2(repo):
    f = write(repo / "pm.txt", OCR)
    assert run("--fix", "--diff", str(f)).exit_code == 2
    assert run("--disable", "nonsense", str(f)).exit_code == 2
    assert run("--ignore", "(unclosed", str(f)).exit_code == 2
    assert run().exit_code == 2


# -- bad input ------------------------------------------------------------------------------

def test_binary_and_non_utf8_are_skipped_and_other_findings_still_print(repo):
    good = write(repo / "b-good.txt", OCR)
    binary = repo / "a-scan.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin1 = repo / "c-latin1.txt"
    latin1.write_bytes("Die Straße in Münster: Ful3ball.\n".encode("latin-1"))
    result = run(str(binary), str(good), str(latin1), str(repo / "missing.txt"))
    assert result.exit_code == ExitCode.findings
    assert {Path(m["path"]).name for m in findings(result.stdout)} == {"b-good.txt"}
    assert "Ful3ball" in result.stdout
    err = result.stderr
    assert f"{binary}: binary file, not text; skipped" in err
    assert f"{latin1}: not UTF-8 text (byte " in err and "iconv" in err
    assert f"{repo / 'missing.txt'}: no such file; skipped" in err


def test_only_unreadable_files_exit_3(repo):
    latin1 = repo / "pm.txt"
    latin1.write_bytes("Gr\xfc\xdfe aus M\xfcnster\n".encode("latin-1"))
    result = run(str(latin1))
    assert result.exit_code == ExitCode.input_file == 3
    assert result.stdout == ""
    # a clean file beside it: still exit 3 (something could not be checked)
    clean = write(repo / "clean.txt", CLEAN)
    assert run(str(latin1), str(clean)).exit_code == 3


# -- settings ---------------------------------------------------------------------------------

def test_pyproject_in_a_parent_folder_is_found(repo):
    (repo / "pyproject.toml").write_text('[project]\nname = "x"\n\n[tool.ocr-repair]\ndisable = ["misreads"]\n')
    f = write(repo / "texts" / "2016" / "pm.txt", OCR)
    assert find_config(f) == repo / "pyproject.toml"
    result = run(str(f))
    rules = {m["rule"] for m in findings(result.stdout)}
    assert "Ful3ball" not in result.stdout and rules and not any(r.startswith("misread") for r in rules)
    # the command line wins
    result = run("--enable", "misreads", str(f))
    assert "found 'Ful3ball' -> 'Fußball'" in result.stdout
    # --no-config: the defaults
    assert "Ful3ball" in run("--no-config", str(f)).stdout


def test_discovery_stops_at_the_repository_root(tmp_path):
    (tmp_path / ".ocr-repair.toml").write_text('disable = ["misreads"]\n')
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    f = write(project / "pm.txt", OCR)
    assert find_config(f) is None
    assert "Ful3ball" in run(str(f)).stdout
    # a pyproject.toml without the table is passed over; .ocr-repair.toml is found
    (project / "pyproject.toml").write_text('[project]\nname = "x"\n')
    (project / "sub").mkdir()
    (project / ".ocr-repair.toml").write_text('threshold = 0.99\n')
    assert find_config(project / "sub" / "x.txt") == project / ".ocr-repair.toml"


def test_dot_config_file_and_cli_threshold_wins(repo):
    (repo / ".ocr-repair.toml").write_text("threshold = 1.0\n")
    f = write(repo / "pm.txt", OCR)
    out = run(str(f)).stdout
    assert re.search(r"found 'Ful3ball' -> 'Fußball' \(misread, 0\.\d\d, ambiguous\)", out)
    out = run("--threshold", "0.5", str(f)).stdout
    assert re.search(r"found 'Ful3ball' -> 'Fußball' \(misread, 0\.\d\d\)$", out, re.M)


def test_unknown_key_warns_and_bad_value_is_a_config_error(repo):
    (repo / "pyproject.toml").write_text('[tool.ocr-repair]\nthreshhold = 0.5\n')
    f = write(repo / "pm.txt", OCR)
    result = run(str(f))
    assert result.exit_code == 1  # a warning, not an error: the findings are still reported
    assert "warning" in result.stderr and "unknown key 'threshhold'" in result.stderr
    assert "Ful3ball" in result.stdout

    for bad in ('threshold = 2\n', 'disable = ["umlauts"]\n', 'ignore = ["(unclosed"]\n', 'quotes = "no"\n',
                'words = ["missing.txt"]\n', 'threshold = \n'):
        (repo / "pyproject.toml").write_text("[tool.ocr-repair]\n" + bad)
        result = run(str(f))
        assert result.exit_code == ExitCode.config == 8, (bad, result.output)
        assert result.stderr.startswith("ocr-repair: error: ") and len(result.stderr.splitlines()) == 1
        assert result.stdout == ""


def test_make_config_merges_file_and_flags(tmp_path):
    words = write(tmp_path / "names.txt", "Lubke\n")
    conf = write(tmp_path / ".ocr-repair.toml",
                 'words = ["names.txt"]\nignore = ["KOMM-AN"]\ndisable = ["quotes", "dashes"]\n'
                 'threshold = 0.9\nsection-signs = false\n')
    settings = load_settings(conf)
    assert settings["words"] == (words,)
    cfg = make_config(settings, {"threshold": 0.7, "enable": ("quotes",), "ignore": ("Borken",),
                                 "words": None})
    assert cfg.threshold == 0.7 and cfg.quotes and not cfg.dashes and not cfg.section_signs
    assert cfg.ignore == ("KOMM-AN", "Borken") and cfg.words == (words,)
    assert make_config({}, {}).threshold == 0.8
    with pytest.raises(ConfigError):
        make_config({}, {"disable": ("nonsense",)})


def test_word_list_silences_a_name(repo):
    text = OCR + "Es sprach Frau Lubke aus Steinfurt.\n"
    f = write(repo / "pm.txt", text)
    assert "found 'Lubke'" in run(str(f)).stdout
    names = write(repo / "names.txt", "# Namen\nLubke\n")
    result = run("--words", str(names), str(f))
    assert "Lubke" not in result.stdout and "Ful3ball" in result.stdout
    # the same from the config, the path relative to the config file
    (repo / "pyproject.toml").write_text('[tool.ocr-repair]\nwords = ["names.txt"]\n')
    sub = write(repo / "a" / "b" / "pm.txt", text)
    result = run(str(sub), cwd=repo / "a")
    assert "Lubke" not in result.stdout and "Ful3ball" in result.stdout


def test_ignore_regex(repo):
    f = write(repo / "pm.txt", OCR)
    result = run("--ignore", r"Ful\dball", str(f))
    assert "Ful3ball" not in result.stdout and "kiimmern" in result.stdout
    (repo / ".ocr-repair.toml").write_text("ignore = ['kiim+ern']\n")
    result = run("--ignore", r"Ful\dball", str(f))
    assert "Ful3ball" not in result.stdout and "kiimmern" not in result.stdout and "er6ffnet" in result.stdout


# -- inline ignores --------------------------------------------------------------------------

def test_markdown_comment_ignores_the_next_line(repo):
    text = ("# Pressemitteilung\n\nDie Landesregierung will sich kiimmern.\n"
            "<!-- ocr-repair: ignore -->\nZitat aus dem Original: Ful3ball und er6ffnen.\n"
            "Beim Ful3ball zählt der Platz.\n")
    f = write(repo / "pm.md", text)
    found = findings(run(str(f)).stdout)
    assert {(m["line"], ast.literal_eval(m["before"])) for m in found} == {("3", "kiimmern"), ("6", "Ful3ball")}
    run("--fix", str(f))
    assert "Zitat aus dem Original: Ful3ball und er6ffnen." in f.read_text(encoding="utf-8")


def test_plain_text_markers(repo):
    text = ("Beim Ful3ball zählt der Platz.  # ocr-repair: ignore\n"
            "ocr-repair: ignore-next-line\n"
            "Wir wollen uns kiimmern.\n"
            "Wir wollen das Zentrum er6ffnen.\n"
            "# ocr-repair: off\n"
            "Staatssekretar und Ful3ball.\n"
            "Fur die Menschen.\n"
            "# ocr-repair: on\n"
            "Das Ful3ball-Spiel.\n")
    f = write(repo / "pm.txt", text)
    found = findings(run(str(f)).stdout)
    lines = {int(m["line"]) for m in found}
    assert 4 in lines and 9 in lines
    assert not lines & {1, 2, 3, 5, 6, 7, 8}, [m.group() for m in found]


def test_markdown_front_matter_and_code_blocks_are_not_text(repo):
    text = ("---\ntitle: Staatssekretar er6ffnet\nocr_engine: none\n---\n\n"
            "Ein Satz mit Ful3ball.\n\n```\nFul3ball = 1\n```\n\n~~~text\nkiimmern\n~~~\nWir kiimmern uns.\n")
    f = write(repo / "pm.md", text)
    found = findings(run(str(f)).stdout)
    assert {(m["line"], ast.literal_eval(m["before"])) for m in found} == {("6", "Ful3ball"), ("15", "kiimmern")}


# -- a real process ------------------------------------------------------------------------

def test_real_process_exit_codes_and_light_imports(repo):
    f = write(repo / "pm.txt", OCR)
    clean = write(repo / "clean.txt", CLEAN)
    script = Path(sys.executable).parent / "ocr-repair"
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "ocr_repair.cli"]
    env = dict(os.environ, PYTHONPROFILEIMPORTTIME="1")
    proc = subprocess.run([*entry, "check", str(f)], capture_output=True, text=True, timeout=120, cwd=repo, env=env)
    assert proc.returncode == 1
    line, col = col_of(OCR, "Ful3ball")
    assert f"{f}:{line}:{col}: found 'Ful3ball' -> 'Fußball' (misread, " in proc.stdout
    imported = {l.split("|")[-1].strip() for l in proc.stderr.splitlines() if l.startswith("import time:")}
    assert "ocr_repair.repair" in imported
    heavy = {m for m in imported if m.split(".")[0] in ("pydantic", "PIL", "pytesseract", "rich", "pypdfium2")
             or m in ("ocr_repair.pipeline", "ocr_repair.models")}
    assert not heavy, heavy
    proc = subprocess.run([*entry, "check", str(clean)], capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout, proc.stderr) == (0, "", "")


# -- a quiet check on correct text (issue 12) -------------------------------------------------

#: correct German written for this test: a real word that may be its umlaut twin ("wurde" /
#: "würde" in a text without umlauts), an unknown word one edit from a common one, a name in
#: a text whose umlauts are right, English and technical tokens
QUIET = (
    "Die Kommission wurde gestern gegründet. Sie tagt in Graber, einem Ort bei Lanzer.\n"
    "Das Projekt ist work in progress; mit rsync und --dry-run prüfen Sie /var/log vorher.\n"
    "Die Partitionen liegen verteilt. mount(8) hängt sie ein.\n"
)
MIS_SET = ("Die Stadte und Gemeinden wurden gefragt, ob sie die Kosten fur die Gebaude ubernehmen wurden.\n"
           "Die Burger waren zufrieden, die Burgermeister auch.\n")


def test_correct_text_is_clean_by_default_and_strict_lists_suspects(repo):
    ok, misset = write(repo / "ok.txt", QUIET), write(repo / "misset.txt", MIS_SET)
    result = run(str(ok))
    assert result.exit_code == 0, result.stdout
    assert findings(result.stdout) == []
    got = [(m["before"], m["rule"]) for m in findings(run(str(misset)).stdout)]
    # the mis-set text's non-words are findings; its real words ("wurden") are not
    assert ("'Stadte'", "misread") in got and ("'ubernehmen'", "misread") in got
    assert not [g for g in got if g[0] == "'wurden'"]
    strict = [(m["before"], m["rule"]) for m in findings(run("--strict", str(misset)).stdout)]
    assert ("'wurden'", "misread-real-word") in strict
