"""``batch --executor dask`` against what is no scheduler, a scheduler lost mid-run, and
Ctrl-C: one line, exit 4 (or 130), within seconds, never a hang or a traceback.

A plain ``http.server`` on 127.0.0.1 (a thread here) plays the dashboard port or any
server that accepts a connection and never speaks Dask; a ``LocalCluster`` in this
process (``processes=False``) plays a cluster whose scheduler goes away. Connect
timeouts are 1 s here (10 s by default).
"""

from __future__ import annotations

import http.server
import io
import json
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import PAGE_1, PAGE_2

from ocr_repair import batch
from ocr_repair.batch import MANIFEST_NAME, Options, PlainProgress
from ocr_repair.config import Config
from ocr_repair.errors import ExitCode, MissingDependencyError

distributed = pytest.importorskip("distributed")


class _Silent(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _WebServer(http.server.ThreadingHTTPServer):
    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Silent)
        self.connected = threading.Event()  #: set once someone connected

    def process_request(self, request, client_address):
        self.connected.set()
        super().process_request(request, client_address)


@pytest.fixture
def web_server_object():
    server = _WebServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def web_server(web_server_object):
    """``tcp://127.0.0.1:PORT`` of a plain web server (no Dask scheduler)."""
    return f"tcp://127.0.0.1:{web_server_object.server_address[1]}"


@pytest.fixture
def text_src(tmp_path) -> Path:
    src = tmp_path / "src"
    src.mkdir()
    for i in range(12):
        (src / f"doc-{i:02d}.txt").write_text((PAGE_1 if i % 2 else PAGE_2) + f"\n\nNummer {i}.\n", encoding="utf-8")
    return src


def batch_process(*args) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "ocr_repair.cli", "batch", *map(str, args)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(proc: subprocess.Popen, limit: float) -> tuple[int, str, float]:
    """(exit code, stderr, seconds taken); fails instead of hanging past ``limit``."""
    t0 = time.monotonic()
    try:
        _, err = proc.communicate(timeout=limit)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.communicate()
        pytest.fail(f"batch still running after {limit} s")
    return proc.returncode, err, time.monotonic() - t0


def test_a_web_server_is_no_scheduler(text_src, tmp_path, web_server):
    proc = batch_process(text_src, tmp_path / "out", "--executor", "dask", "--scheduler", web_server,
                         "--connect-timeout", "1")
    code, err, _ = finish(proc, 30)
    assert code == ExitCode.missing_dependency == 4, err
    assert err.splitlines() == [f"ocr-repair: error: the Dask scheduler at {web_server} did not answer within 1 s "
                                "(is it the scheduler's address, such as tcp://host:8786, and not its dashboard?)"]
    assert not (tmp_path / "out" / MANIFEST_NAME).exists()


def test_connect_timeout_is_a_setting(text_src, tmp_path, web_server):
    (text_src / ".ocr-repair.toml").write_text("connect_timeout = 1\n", encoding="utf-8")
    code, err, _ = finish(batch_process(text_src, tmp_path / "out", "--executor", "dask", "--scheduler", web_server), 30)
    assert code == ExitCode.missing_dependency and "did not answer within 1 s" in err and len(err.splitlines()) == 1


def test_a_nonsense_address_is_one_line_and_no_wait(text_src, tmp_path):
    code, err, seconds = finish(batch_process(text_src, tmp_path / "out", "--executor", "dask",
                                              "--scheduler", "nonsense"), 30)
    assert code == ExitCode.missing_dependency, err
    assert err.splitlines() == ["ocr-repair: error: 'nonsense' is not a Dask scheduler address: missing port number "
                                "in address 'nonsense' (an address such as tcp://host:8786)"]
    assert seconds < 20  # was: the line, then 40 s and a traceback from Client.__del__ (start-up included here)


def test_ctrl_c_while_connecting_ends_at_once(text_src, tmp_path, web_server, web_server_object):
    proc = batch_process(text_src, tmp_path / "out", "--executor", "dask", "--scheduler", web_server,
                         "--connect-timeout", "60")
    assert web_server_object.connected.wait(60)  # batch is connecting
    time.sleep(0.3)
    proc.send_signal(signal.SIGINT)
    code, err, seconds = finish(proc, 30)
    assert code == ExitCode.interrupted == 130, err
    assert err.splitlines() == ["ocr-repair: error: interrupted"]
    assert seconds < 5


def test_a_lost_scheduler_is_one_error_and_a_rerun_resumes(text_src, tmp_path):
    dest, report = tmp_path / "out", tmp_path / "r.json"
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None)

    class LoseTheSchedulerAfterOne(PlainProgress):
        def document_done(self, row) -> None:
            super().document_done(row)
            if self.docs_done == 1:
                cluster.close()

    try:
        with pytest.raises(MissingDependencyError) as info:
            batch.run(Options(src=text_src, dest=dest, executor="dask", scheduler=cluster.scheduler_address,
                              config=Config(connect_timeout=1), reports=(report,)),
                      LoseTheSchedulerAfterOne(io.StringIO()))
    finally:
        cluster.close()
    assert info.value.exit_code == ExitCode.missing_dependency
    assert info.value.one_line() == (f"lost the Dask scheduler at {cluster.scheduler_address} during the run "
                                     "(what finished is kept; run again to resume)")
    rows = json.loads(report.read_text(encoding="utf-8"))["documents"]
    ok = [r for r in rows if r["status"] == "ok"]
    not_run = [r for r in rows if r["status"] == "failed"]
    assert ok and not_run and len(ok) + len(not_run) == 12
    assert [r["error"] for r in not_run] == [f"not converted: {info.value.one_line()}"] * len(not_run)
    assert len((dest / MANIFEST_NAME).read_text(encoding="utf-8").splitlines()) == len(ok)
    summary = batch.run(Options(src=text_src, dest=dest, executor="inline"), PlainProgress(io.StringIO()))
    assert (summary.skipped, summary.converted, summary.failed) == (len(ok), len(not_run), 0)


_STARTED, _RELEASE = threading.Event(), threading.Event()


def _slowly(fn, *args):
    """A task that keeps its worker busy until the test lets it go."""
    _STARTED.set()
    _RELEASE.wait(60)
    return fn(*args)


def test_ctrl_c_while_the_cluster_works_ends_at_once(text_src, tmp_path):
    from ocr_repair.executors import DaskExecutor

    class Busy(DaskExecutor):
        def submit(self, fn, *args):
            return super().submit(_slowly, fn, *args)

    report = tmp_path / "r.json"
    _STARTED.clear()
    _RELEASE.clear()
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        sent = []

        def interrupt():
            if _STARTED.wait(60):  # a worker is busy with a task
                time.sleep(0.3)
                sent.append(time.monotonic())
                signal.raise_signal(signal.SIGINT)  # Ctrl-C, delivered to the main thread

        timer = threading.Thread(target=interrupt, daemon=True)
        timer.start()
        try:
            with pytest.raises(KeyboardInterrupt):
                batch.run(Options(src=text_src, dest=tmp_path / "out", executor=Busy(cluster.scheduler_address, 1),
                                  reports=(report,)), PlainProgress(io.StringIO()))
            assert time.monotonic() - sent[0] < 5
        finally:
            _RELEASE.set()
    rows = json.loads(report.read_text(encoding="utf-8"))["documents"]
    assert {r["error"] for r in rows} == {"not converted: the run was interrupted"}
