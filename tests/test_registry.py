"""The registry is the one list of fixes and settings: Config, settings files, the CLI
and --no-repair all follow it."""

import pytest
from click.testing import CliRunner

from ocr_repair import fixes, registry, settings
from ocr_repair.cli import cli
from ocr_repair.config import Config
from ocr_repair.errors import ConfigError


def test_config_fields_are_the_registry():
    assert Config.field_names() == [s.name for s in registry.ALL_SETTINGS]
    assert Config.field_names()[:len(registry.FIXES)] == list(registry.FIX_NAMES)
    defaults = Config()
    for s in registry.ALL_SETTINGS:
        assert getattr(defaults, s.name) == s.default


def test_every_sign_fix_function_has_a_row_and_a_rule():
    for fn in fixes.FIXES:
        assert fn.__name__ in registry.FIX_NAMES
        assert registry.Rule(fn.__name__)  # its corrections carry the fix's name as rule id


def test_no_repair_switches_off_all_but_layout():
    assert "dehyphenate" not in registry.REPAIR_FIXES
    assert set(registry.REPAIR_FIXES) | {"dehyphenate"} == set(registry.FIX_NAMES)


@pytest.mark.parametrize("name, bad", [("threshold", 1.5), ("dpi", 50), ("page_timeout", 0), ("misreads", 1),
                                       ("lang", "")])
def test_config_and_settings_file_refuse_the_same_values(name, bad):
    expected = registry.SETTING[name].expected()
    with pytest.raises(ValueError, match=f"{name} must be {expected}"):
        Config(**{name: bad})
    with pytest.raises(ConfigError, match=f"{name} must be {expected}"):
        settings.check_settings({name: bad}, where="x.toml")


def test_cli_ranges_come_from_the_registry(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("Ein Satz.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["convert", str(src), "--dpi", "50"])
    assert result.exit_code == 2 and "72<=x<=1200" in result.output


def test_rule_ids_are_plain_strings():
    assert registry.Rule.LINE_MOVE == "line-move"
    assert f"{registry.Rule.MISREAD}" == "misread"


def test_fixes_table_lists_every_fix():
    table = registry.fixes_table()
    assert all(f"`{name}`" in table for name in registry.FIX_NAMES)


def test_json_schema_has_every_key_a_settings_file_accepts():
    schema = registry.json_schema()
    assert set(schema["properties"]) == set(settings.known_keys())
    assert schema["properties"]["dpi"]["minimum"] == 72


def test_docs_list_the_fixes_as_the_registry_does():
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "check.md").read_text(encoding="utf-8")
    assert registry.fixes_table() in doc
