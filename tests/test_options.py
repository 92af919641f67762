"""convert and batch read [tool.ocr-repair] from pyproject.toml (found upward from the
input), and their flags win over it."""

from __future__ import annotations

from click.testing import CliRunner

from ocr_repair.cli import cli

MIS_SET = (
    "Das Ministerium fir Schule teilt mit: Die Kommunen kiimmern sich um die Stadten\n"
    "und die Eroffnung der Zentren. Der Staatssekretar Schafer wirdigte die Arbeit.\n"
)


def _convert(tmp_path, *args):
    src = tmp_path / "docs" / "release.txt"
    src.parent.mkdir(exist_ok=True)
    src.write_text(MIS_SET, encoding="utf-8")
    return CliRunner().invoke(cli, ["convert", str(src), "--no-front-matter", *args])


def test_without_settings_a_name_gets_its_umlaut(tmp_path):
    result = _convert(tmp_path)
    assert result.exit_code == 0, result.output
    assert "Schäfer" in result.output and "kümmern" in result.output


def test_pyproject_word_list_protects_a_name(tmp_path):
    (tmp_path / "names.txt").write_text("Schafer\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[tool.ocr-repair]\nwords = ["names.txt"]\n', encoding="utf-8")
    result = _convert(tmp_path)
    assert result.exit_code == 0, result.output
    assert "Schafer" in result.output and "kümmern" in result.output


def test_flags_win_over_the_settings_file(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.ocr-repair]\nthreshold = 0.99\n", encoding="utf-8")
    assert "kiimmern" in _convert(tmp_path).output  # its 0.97 is below the file's threshold: flagged only
    assert "kümmern" in _convert(tmp_path, "--threshold", "0.8").output
    assert "kümmern" in _convert(tmp_path, "--no-config").output


def test_invalid_settings_are_exit_8(tmp_path):
    (tmp_path / "pyproject.toml").write_text("[tool.ocr-repair]\nthreshold = 7\n", encoding="utf-8")
    result = _convert(tmp_path)
    assert result.exit_code == 8
    assert "threshold" in result.output
