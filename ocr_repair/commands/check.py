"""``ocr-repair check FILE...``: report OCR misreads in transcriptions (a pre-commit hook).

The findings are whatever :func:`ocr_repair.repair.analyse` returns for the file's text as
it is (the engine ``convert`` uses), less its layout edits (``corrections.is_layout``: a real
hyphen at a line end kept as it is, the rest of a line moved; ``convert --explain`` leaves
them out too) and less what inline markers, fenced code and front matter leave out. One line per finding::

    notes.txt:25:10: found 'Ful3ball' -> 'Fußball' (misread, 0.97)

Exit codes: 0 clean, 1 findings (with ``--fix``: findings left after fixing), 3 only
unreadable inputs (missing, binary, not UTF-8), 8 a bad config file, 2 a bad command line.

Start-up is kept light: a plain command line is read without Click (:func:`parse_args`;
the options and the help are Click's, in :mod:`ocr_repair.commands.check_cli`); only
``ocr_repair.config``, ``settings``, ``errors``, ``corrections``, ``lexicon`` and
``repair`` are imported, the last three when files are checked; never the pipeline,
pydantic, Pillow, pytesseract or rich.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

from .. import inputs
from ..cli import echo, guarded
from ..config import FIXES
from ..corrections import is_reported
from ..errors import ExitCode, InputFileError, OutputFileError

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing at check's start
if TYPE_CHECKING:
    from ..config import Config
    from ..corrections import Correction

#: suspects below this confidence are listed only with ``--strict``: on text whose umlauts
#: are right, most of them are names and rare words (the accuracy benchmark's reliability table)
QUIET_SUSPECT = 0.7

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
MARKDOWN_SUFFIXES = (".md", ".markdown")

#: inline markers: ``ocr-repair: ignore`` (this line; on a line of its own: the next line),
#: ``ocr-repair: ignore-next-line``, ``ocr-repair: off`` ... ``ocr-repair: on`` (a block)
MARKER_RE = re.compile(r"ocr-repair:\s*(ignore-next-line|ignore|off|on)\b")
#: what may stand around a marker on a line of its own: comment syntax
COMMENT_SYNTAX_RE = re.compile(r"<!--|-->|^\s*(?:#+|//|%|;)|\s+")
FENCE_RE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


# -- command line ------------------------------------------------------------------------
# The command's options and help are Click's (:mod:`ocr_repair.commands.check_cli`); a plain
# command line is read here without Click (:func:`parse_args`, what ``ocr-repair check``
# runs: Click's import is a tenth of a check's start), anything else goes to Click.

def fix_names(values: tuple[str, ...]) -> tuple[str, ...]:
    """``--disable quotes --disable dashes`` or ``--disable quotes,dashes``; ValueError
    for an unknown name."""
    out = []
    for value in values:
        for name in value.split(","):
            name = name.strip().replace("-", "_")
            if not name:
                continue
            if name not in FIXES:
                raise ValueError(f"unknown fix {name!r} (fixes: {', '.join(FIXES)})")
            out.append(name)
    return tuple(out)


def regex_problem(values: tuple[str, ...]) -> str | None:
    """Why one of the ``--ignore`` values is no regular expression; None if all are."""
    if not values:
        return None
    import regex

    for value in values:
        try:
            regex.compile(value)
        except regex.error as exc:
            return f"invalid regular expression {value!r} ({exc})"
    return None


def usage_problem(fix: bool, diff: bool, fmt: str, enable: tuple[str, ...], disable: tuple[str, ...],
                  **_) -> str | None:
    """Why the options cannot go together (a usage error); None if they can."""
    if fix and diff:
        return "--fix and --diff cannot be combined (--diff changes nothing)"
    if diff and fmt == "json":
        return "--diff prints a diff; it cannot be combined with --format json"
    if enable and disable and set(enable) & set(disable):
        return f"--enable and --disable both name {sorted(set(enable) & set(disable))[0]!r}"
    return None


#: the options as Click reads them (``check_cli``): flags, one value (the last given
#: counts), repeatable values; each with its parameter's name
_FLAGS = {"--fix": "fix", "--diff": "diff", "--no-config": "no_config", "--strict": "strict",
          "-q": "quiet", "--quiet": "quiet", "-v": "verbose", "--verbose": "verbose"}
_VALUES = {"--format": "fmt", "--threshold": "threshold", "--config": "config_file"}
_MULTIPLE = {"--words": "word_lists", "--ignore": "ignore_patterns", "--enable": "enable", "--disable": "disable"}


def parse_args(args: list[str]) -> dict | None:
    """The parameters Click gives the ``check`` command for the command line ``args``
    (what follows ``check``), for a plain command line that Click reads without an error;
    None for anything else (help, an error, ``-qv``, a flag with ``=``, shell completion,
    Windows, which expands wildcards): Click then reads it, and names the error.

    Click's reading, kept here: options and FILES in any order, ``--`` ends the options,
    ``--opt value`` and ``--opt=value``, the value taken as it is (even one that begins with
    ``-``), a repeated single option's last value, FILES and the files the options name
    checked as Click's ``Path`` types check them. ``tests/test_check_args.py`` compares the
    two readings."""
    import stat

    if os.name != "posix" or os.environ.get("_OCR_REPAIR_COMPLETE"):
        return None
    values: dict[str, list[str]] = {name: [] for name in (*_VALUES.values(), *_MULTIPLE.values())}
    flags = dict.fromkeys(_FLAGS.values(), False)
    files: list[str] = []
    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            files.extend(args[i:])
            break
        if arg[:1] != "-" or len(arg) == 1:
            files.append(arg)
            continue
        if arg in _FLAGS:
            flags[_FLAGS[arg]] = True
            continue
        opt, eq, value = arg.partition("=")
        name = _VALUES.get(opt) or _MULTIPLE.get(opt)
        if name is None or not opt.startswith("--"):
            return None  # help, an unknown option, short options together: Click's
        if not eq:
            if i == len(args):
                return None  # no value: Click's error
            value = args[i]
            i += 1
        values[name].append(value)
    if not files:
        return None

    def path(value: str, *, exists: bool) -> Path | None:
        """Click's ``Path(path_type=Path)``, ``dir_okay=False`` where ``exists``; None for
        its errors."""
        try:
            st = os.stat(value)
        except OSError:
            return None if exists else Path(value)
        if exists and stat.S_ISDIR(st.st_mode) or not os.access(value, os.R_OK):
            return None
        return Path(value)

    params = dict(flags)
    params["files"] = tuple(path(f, exists=False) for f in files)
    params["word_lists"] = tuple(path(f, exists=True) for f in values["word_lists"])
    config = values["config_file"]
    params["config_file"] = path(config[-1], exists=True) if config else None
    if None in params["files"] or None in params["word_lists"] or config and params["config_file"] is None:
        return None
    fmt = values["fmt"]
    params["fmt"] = fmt[-1] if fmt else "text"
    if params["fmt"] not in ("text", "json"):
        return None
    threshold = values["threshold"]
    params["threshold"] = None
    if threshold:
        try:
            params["threshold"] = float(threshold[-1])
        except ValueError:
            return None
        if params["threshold"] < 0 or params["threshold"] > 1:
            return None
    try:
        params["enable"] = fix_names(tuple(values["enable"]))
        params["disable"] = fix_names(tuple(values["disable"]))
    except ValueError:
        return None
    params["ignore_patterns"] = tuple(values["ignore_patterns"])
    if regex_problem(params["ignore_patterns"]) or usage_problem(**params):
        return None
    return params


def run_check(files, fix, diff, fmt, word_lists, ignore_patterns, threshold, enable, disable, config_file, no_config,
              strict, quiet, verbose) -> None:
    """Check ``files`` with the command's options (read by Click or by :func:`parse_args`)
    and exit with the exit code."""
    overrides = {"words": word_lists, "ignore": ignore_patterns, "threshold": threshold,
                 "enable": enable, "disable": disable}
    mode = "fix" if fix else "diff" if diff else "report"

    def run() -> int:
        checker = Checker(overrides=overrides, config_file=config_file, use_files=not no_config, mode=mode)
        checker.strict = strict
        reports = [checker.check(path) for path in expand(files)]
        return emit(reports, fmt=fmt, mode=mode, quiet=quiet, verbose=verbose)

    sys.exit(guarded(verbose, run))


def __getattr__(name: str):
    if name == "check":  # the Click command, where it was before it moved
        from .check_cli import check

        return check
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def expand(paths) -> list[Path]:
    """The files to check: files as given, folders searched for .txt/.md files (hidden
    folders and files skipped)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            for root, dirs, names in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                out.extend(Path(root) / n for n in sorted(names)
                           if n.lower().endswith(TEXT_SUFFIXES) and not n.startswith("."))
        else:
            out.append(p)
    return out


# -- checking ----------------------------------------------------------------------------

@dataclass
class Report:
    path: Path
    findings: list = field(default_factory=list)  #: Correction objects, reported ones only
    error: str = ""  #: why the file was skipped
    text: str = ""
    fixed_text: str | None = None  #: the text with the confident corrections applied
    written: bool = False  #: ``--fix`` wrote the file


class Checker:
    def __init__(self, overrides: dict, config_file: Path | None, use_files: bool, mode: str):
        self.overrides = overrides
        self.config_file = config_file
        self.use_files = use_files
        self.mode = mode
        self._by_source: dict[Path | None, Config] = {}
        self._source_of_dir: dict[Path, Path | None] = {}
        #: also list suspects on valid words and spelling suggestions (``--strict``)
        self.strict = False

    def config_for(self, path: Path) -> Config:
        from .. import settings

        if self.config_file is not None:
            source = self.config_file
        elif not self.use_files:
            source = None
        else:
            folder = path.absolute().parent
            if folder not in self._source_of_dir:
                self._source_of_dir[folder] = settings.find_config(folder)
            source = self._source_of_dir[folder]
        if source not in self._by_source:
            loaded = settings.load_settings(source) if source is not None else {}
            self._by_source[source] = settings.make_config(loaded, self.overrides)
        return self._by_source[source]

    def check(self, path: Path) -> Report:
        report = Report(path)
        try:
            raw, text = read_transcription(path)
        except InputFileError as exc:
            report.error = exc.one_line()
            return report
        if raw is None:  # empty: nothing to check
            return report
        config = self.config_for(path)
        corrections = analyse(text, config)
        ignored = ignored_lines(text, markdown=path.suffix.lower() in MARKDOWN_SUFFIXES)
        report.text = text
        report.findings = [c for c in corrections if is_reported(c) and not _touches(c, ignored)]
        if not self.strict:  # what --explain reports, less the suspects only --strict lists
            from .. import lexicon
            from ..repair import strict_only

            lex = lexicon.load(None, tuple(str(p) for p in config.words))
            report.findings = [c for c in report.findings if not strict_only(c, lex)
                               and (c.applied or c.confidence >= QUIET_SUSPECT)]
        if self.mode in ("fix", "diff") and any(c.applied for c in report.findings):
            from ..repair import apply_corrections

            report.fixed_text = apply_corrections(text, report.findings)
            if self.mode == "fix":
                try:
                    write_back(path, raw, report.fixed_text)
                    report.written = True
                except OutputFileError as exc:
                    report.error = exc.one_line()  # the findings are still reported
        return report


def analyse(text: str, config: Config) -> list[Correction]:
    from .. import lexicon
    from ..errors import ConfigError
    from ..repair import analyse_text as engine  # the normalised text, at the file's positions

    try:
        lex = lexicon.load(None, tuple(str(p) for p in config.words))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"a word list cannot be read ({exc})") from None
    return engine(text, config, lex)


def read_transcription(path: Path) -> tuple[bytes | None, str]:
    """The bytes and text of ``path``; ``(None, "")`` for an empty file (clean, not an error)."""
    raw, text = inputs.read_transcription(path)
    if not text.strip():
        return None, ""
    return raw, text


def write_back(path: Path, raw: bytes, text: str) -> None:
    """Write the fixed ``text`` over ``path`` atomically, keeping its BOM, its
    permissions and (for a symbolic link) the link."""
    from ..output import atomic_write

    target = path.resolve()
    encoding = inputs.bom_encoding(raw) or "utf-8"  # a UTF-16 file stays UTF-16
    if raw.startswith(b"\xef\xbb\xbf") or encoding != "utf-8":
        text = "\ufeff" + text
    try:
        mode = target.stat().st_mode & 0o7777
    except OSError:
        mode = None
    atomic_write(target, text, encoding=encoding)
    if mode is not None:
        try:
            os.chmod(target, mode)
        except OSError:
            pass


def ignored_lines(text: str, markdown: bool) -> set[int]:
    """The 1-based lines whose findings are dropped.

    * a line with ``ocr-repair: ignore`` (in any comment syntax: ``<!-- -->``, ``#``, or
      just the words) is ignored; a line that holds nothing but the marker ignores the
      next line too (``<!-- ocr-repair: ignore -->`` above the line in Markdown);
    * ``ocr-repair: ignore-next-line`` ignores its own line and the next;
    * ``ocr-repair: off`` ... ``ocr-repair: on`` ignores the lines between (inclusive);
    * Markdown: fenced code blocks and YAML front matter.
    """
    lines = text.split("\n")
    out: set[int] = set()
    off = False
    fence: str | None = None
    for no, line in enumerate(lines, 1):
        m = MARKER_RE.search(line)
        if m:
            out.add(no)
            kind = m.group(1)
            if kind == "off":
                off = True
            elif kind == "on":
                off = False
            elif kind == "ignore-next-line" or not COMMENT_SYNTAX_RE.sub("", MARKER_RE.sub("", line)):
                out.add(no + 1)
        if off:
            out.add(no)
        if markdown:
            f = FENCE_RE.match(line)
            if fence is None and f:
                fence = f.group(1)
                out.add(no)
            elif fence is not None:
                out.add(no)
                if f and f.group(1)[0] == fence[0] and len(f.group(1)) >= len(fence) \
                        and not line.strip().lstrip(fence[0]):
                    fence = None
    if markdown and lines and lines[0].rstrip() == "---":
        for no, line in enumerate(lines[1:], 2):
            if line.rstrip() in ("---", "..."):
                out.update(range(1, no + 1))
                break
    return out


def _touches(c: Correction, ignored: set[int]) -> bool:
    if not ignored:
        return False
    last = c.line + c.before.count("\n")
    return any(n in ignored for n in range(c.line, last + 1))


# -- output ------------------------------------------------------------------------------

def _shown(s: str) -> str:
    """A finding's text for one line: the whitespace a line-break join moves is left out."""
    return repr(s.strip(" \t\n") or s)


def describe(path: Path, c: Correction, fixed: bool) -> str:
    verb = "fixed" if fixed else "found"
    after = _shown(c.after)
    if c.alternatives:
        after += "".join(f" or {_shown(a)}" for a in c.alternatives)
    ambiguous = "" if c.applied else ", ambiguous"
    return f"{path}:{c.line}:{c.col}: {verb} {_shown(c.before)} -> {after} ({c.rule}, {c.confidence:.2f}{ambiguous})"


def finding_dict(path: Path, c: Correction, fixed: bool) -> dict:
    end_line = c.line + c.before.count("\n")
    last = c.before.rsplit("\n", 1)[-1]
    end_col = (c.col + len(c.before)) if end_line == c.line else len(last) + 1
    return {"path": str(path), "line": c.line, "col": c.col, "end_line": end_line, "end_col": end_col,
            "start": c.start, "end": c.end, "found": c.before, "suggestion": c.after,
            "alternatives": list(c.alternatives), "rule": c.rule, "confidence": c.confidence,
            "fixable": c.applied, "fixed": fixed, "why": c.why}


def emit(reports: list[Report], *, fmt: str, mode: str, quiet: bool, verbose: bool) -> int:
    """Print the reports; return the exit code."""
    remaining = 0  # findings still in the files
    errors = [r for r in reports if r.error]
    for r in errors:
        echo(f"ocr-repair: {r.error}; {'left as it was' if r.text else 'skipped'}", err=True)

    if fmt == "json":
        import json  # not imported for the text report

        findings = []
        for r in reports:
            for c in r.findings:
                fixed = r.written and c.applied
                remaining += not fixed
                findings.append(finding_dict(r.path, c, fixed))
        doc = {"findings": findings, "errors": [{"path": str(r.path), "message": r.error} for r in errors],
               "files_checked": sum(1 for r in reports if r.text or not r.error),
               "files_fixed": [str(r.path) for r in reports if r.written]}
        echo(json.dumps(doc, ensure_ascii=False, indent=1))
    else:
        for r in reports:
            if mode == "diff" and r.fixed_text is not None:
                echo(unified_diff(r.path, r.text, r.fixed_text), nl=False)
            for c in r.findings:
                fixed = r.written and c.applied
                remaining += not fixed
                if mode == "diff" and c.applied:
                    continue  # shown in the diff
                line = describe(r.path, c, fixed)
                if verbose and c.why:
                    line += f": {c.why}"
                echo(line, err=(mode == "diff"))

    total = sum(len(r.findings) for r in reports)
    fixed_count = total - remaining
    if not quiet and (total or errors):
        parts = [f"{total} finding{'s' * (total != 1)} in {sum(1 for r in reports if r.findings)} of "
                 f"{len(reports)} file{'s' * (len(reports) != 1)}"]
        if mode == "fix":
            parts.append(f"{fixed_count} fixed, {remaining} left")
        elif any(c.applied for r in reports for c in r.findings):
            n = sum(1 for r in reports for c in r.findings if c.applied)
            parts.append(f"{n} fixable with --fix")
        if errors:
            parts.append(f"{len(errors)} file{'s' * (len(errors) != 1)} with errors")
        echo("ocr-repair check: " + ", ".join(parts), err=True)

    if remaining:
        return int(ExitCode.findings)
    if errors:
        return int(ExitCode.input_file)
    return int(ExitCode.ok)


def unified_diff(path: Path, before: str, after: str) -> str:
    import difflib

    lines = difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                 fromfile=f"a/{path}", tofile=f"b/{path}")
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


__all__ = ["Checker", "ignored_lines", "parse_args", "read_transcription", "run_check"]
