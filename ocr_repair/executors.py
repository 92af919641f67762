"""Where tasks run: in this process (inline, or on threads), in a pool of local processes,
or on a Dask cluster, behind one small interface (:class:`Executor`).

batch's tasks are plain functions and picklable arguments (:mod:`ocr_repair.batch_tasks`);
they return their outcome and never raise for a bad input. The scheduler
(:mod:`ocr_repair.batch`) keeps at most ``window`` tasks in flight, waits for some to
finish, and reads their results with ``future.result()``. ``convert`` runs the pages of
one document the same way (:func:`ocr_repair.pipeline.ocr_pages`, on :func:`for_pages`:
one Tesseract per page, ``--jobs`` at a time). An executor only runs tasks: it writes no file.

=====================  ==============================================================
``name``               ``"inline"``, ``"threads"``, ``"local"`` or ``"dask"`` (the report's ``executor``)
``window``             how many tasks to keep in flight
``describe()``         for the log line: ``"2 processes"``, ``"Dask cluster tcp://…"``
``start(lang)``        get the workers ready; ``lang``: the Tesseract languages the tasks
                       need (None: no OCR). Raises :class:`~ocr_repair.errors.MissingDependencyError`
                       when the workers cannot run the tasks
``submit(fn, *args)``  a :class:`concurrent.futures.Future`-like object
``wait(futures)``      block until at least one of them is done; return the done ones
``result(future)``     the task's outcome (``future.result()``); raises the executor's own
                       whole-run error (:class:`ClusterError`: the cluster was lost)
``is_broken(exc)``     the task failed with its worker (a crashed process), not by itself:
                       the scheduler reruns such tasks one at a time after ``restart()``
``restart()``          replace broken workers
``close(cancel)``      end the workers (``cancel``: at once, abandoning the tasks in flight)
=====================  ==============================================================
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Callable
from typing import Any, Protocol

from . import __version__
from .errors import MissingDependencyError, OcrRepairError


class Executor(Protocol):
    """The interface every executor offers (see the module docstring)."""

    name: str
    window: int

    def describe(self) -> str: ...

    def start(self, lang: str | None = None) -> None: ...

    def submit(self, fn: Callable, *args: Any) -> Any: ...

    def wait(self, futures: list) -> set: ...

    def result(self, future: Any) -> Any: ...

    def is_broken(self, exc: BaseException) -> bool: ...

    def restart(self) -> None: ...

    def close(self, cancel: bool = False) -> None: ...


def check_tesseract_here(lang: str | None) -> None:
    """Tesseract and ``lang`` installed on this machine (a whole-run error before any work)."""
    if lang:
        from . import tesseract

        tesseract.check_languages(lang)


class InlineExecutor:
    """Runs each task in this process when it is waited for: no parallelism, no isolation.
    For debugging (a breakpoint in a task works) and tests; not offered on the command line."""

    name = "inline"
    window = 1

    def describe(self) -> str:
        return "no worker processes (inline)"

    def start(self, lang: str | None = None) -> None:
        check_tesseract_here(lang)

    def submit(self, fn: Callable, *args):
        from concurrent.futures import Future

        fut = Future()
        fut.task = (fn, args)
        return fut

    def wait(self, futures) -> set:
        for fut in futures:
            fn, args = fut.task
            fut.set_result(fn(*args))
        return set(futures)

    @staticmethod
    def result(future) -> Any:
        return future.result()

    @staticmethod
    def is_broken(exc: BaseException) -> bool:
        return False

    def restart(self) -> None:
        pass

    def close(self, cancel: bool = False) -> None:
        pass


# -- threads of this process: tasks that wait on a program -----------------------------------

_THREAD_POOLS = itertools.count(1)


class _FuturesPool:
    """What the thread and the process pool share: ``concurrent.futures`` futures."""

    _pool: Any = None

    def submit(self, fn: Callable, *args):
        return self._pool.submit(fn, *args)

    def wait(self, futures) -> set:
        from concurrent.futures import FIRST_COMPLETED, wait

        return wait(futures, return_when=FIRST_COMPLETED).done

    @staticmethod
    def result(future) -> Any:
        return future.result()


class ThreadExecutor(_FuturesPool):
    """Tasks on ``jobs`` threads of this process: for tasks whose work is done by an external
    program (a page's Tesseract), so that the threads only wait. Nothing is pickled and
    nothing starts up (a process pool costs about 0.5 s of start-up and imports, a page's
    image pickled to it): ``convert``'s pages. Tasks the parent monkeypatches run patched.

    ``close(cancel=True)`` kills the Tesseracts its threads run (and any they would start
    while it waits for them), not another executor's."""

    name = "threads"

    def __init__(self, jobs: int):
        self.jobs = max(1, int(jobs))
        self.window = 2 * self.jobs
        #: the threads' name: ``tesseract.killing`` ends only this executor's Tesseracts
        self.prefix = f"ocr-repair-pages-{next(_THREAD_POOLS)}"
        self._pool = None

    def describe(self) -> str:
        return f"{self.jobs} thread{'s' if self.jobs != 1 else ''}"

    def start(self, lang: str | None = None) -> None:
        check_tesseract_here(lang)
        from concurrent.futures import ThreadPoolExecutor

        self._pool = ThreadPoolExecutor(max_workers=self.jobs, thread_name_prefix=self.prefix)

    @staticmethod
    def is_broken(exc: BaseException) -> bool:
        return False

    def restart(self) -> None:  # pragma: no cover - threads do not break
        pass

    def close(self, cancel: bool = False) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if cancel:
            from . import tesseract

            with tesseract.killing(self.prefix + "_"):
                pool.shutdown(wait=True, cancel_futures=True)
        else:
            pool.shutdown(wait=True)


def for_pages(jobs: int) -> Executor:
    """The executor ``convert`` OCRs a document's pages on: ``jobs`` threads, each waiting on
    one Tesseract (one OpenMP thread each: ``tesseract.tesseract_env``). One thread for one
    job too, not :class:`InlineExecutor`: the next page is rendered while Tesseract reads
    this one."""
    return ThreadExecutor(jobs)


# -- a process pool on this machine ----------------------------------------------------------

def init_worker() -> None:
    """ProcessPoolExecutor initializer: Tesseract on one thread, and a process group of
    its own: Ctrl-C in the terminal reaches only the parent, which then ends each worker
    together with the Tesseract it runs (``killpg``). SIGTERM (that end, or anyone's
    ``kill``) removes the worker's temporary page images before the worker dies of it."""
    import signal

    from .tesseract import single_threaded_env

    single_threaded_env()
    with contextlib.suppress(AttributeError, OSError):
        os.setpgrp()
    with contextlib.suppress(ValueError, OSError):  # not the main thread: no handler
        signal.signal(signal.SIGTERM, _end_on_sigterm)
    import threading

    threading.Thread(target=_exit_with_parent, name="ocr-repair-watchdog", daemon=True).start()


def _end_on_sigterm(signum, frame) -> None:
    """A pool worker's SIGTERM handler: kill its Tesseract, remove its page images, then die
    of the signal as before (the pool sees a worker killed by SIGTERM)."""
    import signal

    from . import tesseract

    tesseract.kill_running()
    tesseract.remove_page_files()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGTERM)


def _exit_with_parent() -> None:
    """Watchdog thread of a pool worker: when the batch process dies (``kill -9``), end this
    worker and its Tesseract at once instead of lingering as orphans."""
    import multiprocessing
    import signal
    from multiprocessing.connection import wait

    parent = multiprocessing.parent_process()
    if parent is None or getattr(parent, "sentinel", None) is None:
        return
    wait([parent.sentinel])
    from .tesseract import remove_page_files

    remove_page_files()
    with contextlib.suppress(OSError, AttributeError):
        if os.getpgid(0) == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(1)


class LocalExecutor(_FuturesPool):
    """A process pool on this machine; ``restart`` after a worker died."""

    name = "local"

    def describe(self) -> str:
        return f"{self.jobs} process{'es' if self.jobs != 1 else ''}"

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.window = 2 * jobs
        self._pool = None

    def start(self, lang: str | None = None) -> None:
        check_tesseract_here(lang)
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver/spawn, not fork: the parent runs threads (the progress bar)
        method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
        self._pool = ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context(method),
                                         initializer=init_worker)

    @staticmethod
    def is_broken(exc: BaseException) -> bool:
        from concurrent.futures.process import BrokenProcessPool

        return isinstance(exc, BrokenProcessPool)

    def restart(self) -> None:
        self.close(cancel=True)
        self.start()  # Tesseract was checked at the first start

    def close(self, cancel: bool = False) -> None:
        if self._pool is None:
            return
        pool, self._pool = self._pool, None
        if cancel:
            procs = list(getattr(pool, "_processes", {}).values() or [])
            pool.shutdown(wait=False, cancel_futures=True)
            for p in procs:  # tasks already running would otherwise finish first
                _kill_worker(p)
        else:
            pool.shutdown(wait=True)


def _kill_worker(proc) -> None:
    """SIGTERM to the worker's process group (it and its Tesseract), else to the worker."""
    import signal

    try:
        if proc.pid and hasattr(os, "killpg") and os.getpgid(proc.pid) == proc.pid:
            os.killpg(proc.pid, signal.SIGTERM)
            return
    except OSError:
        pass
    with contextlib.suppress(Exception):
        proc.terminate()


# -- a Dask distributed cluster ----------------------------------------------------------------

def probe_worker(lang: str | None) -> tuple[str, str]:
    """Run on every Dask worker before any work: (its ocr-repair version, why it cannot OCR
    or ""). Returns rather than raises, so that the worker logs no traceback."""
    try:
        check_tesseract_here(lang)
    except OcrRepairError as exc:
        return __version__, exc.one_line()
    return __version__, ""


class ClusterError(MissingDependencyError):
    """The Dask cluster cannot be used: no scheduler answers at the address, or the
    scheduler was lost during the run (exit code 4, like a missing Tesseract)."""


def _bounded(fn: Callable, seconds: float, what: str):
    """``fn()`` in a daemon thread: its result, or :class:`ClusterError` (``what`` "did not
    answer within …") once ``seconds`` have passed. Distributed's blocking calls can wait
    forever on a server that accepts a connection and never answers; this never does, and
    Ctrl-C ends the wait at once (the thread is left to die with the process)."""
    import threading

    box: dict = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=target, name="ocr-repair-dask", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise ClusterError(f"{what} did not answer within {seconds:g} s")
    if "error" in box:
        raise box["error"]
    return box["value"]


async def _identity(address: str, timeout: float) -> Any:
    """What the server at ``address`` says it is (Dask's ``identity`` call)."""
    from distributed.comm import connect
    from distributed.core import send_recv
    from distributed.security import Security

    # the connection arguments a Client would use (TLS settings from dask's configuration)
    comm = await connect(address, timeout=timeout, **Security().get_connection_args("client"))
    try:
        return await send_recv(comm, op="identity")
    finally:
        comm.abort()


def _client_class():
    import distributed

    class QuietClient(distributed.Client):
        """A Client that does not close itself when collected: ``Client.__del__`` waits up
        to twice its timeout for a scheduler that may be gone, at interpreter exit too, and
        prints a traceback when it gives up. :meth:`DaskExecutor.close` closes it, bounded."""

        def __del__(self) -> None:
            pass

    return QuietClient


class DaskExecutor:
    """The same tasks on a Dask distributed cluster (``dask.distributed.Client(address)``).

    Every call to the cluster is bounded: connecting by ``connect_timeout`` seconds (a
    server that is no Dask scheduler, a dashboard port, answers nothing a Client waits
    for), checking the workers and closing by fixed limits. A scheduler lost during the
    run cancels the tasks in flight: :meth:`wait` raises one :class:`ClusterError` for it.
    """

    name = "dask"
    #: seconds the workers get to answer the version and Tesseract probe, beyond the connect timeout
    PROBE_SECONDS = 60.0
    #: seconds closing the client may take
    CLOSE_SECONDS = 3.0

    def describe(self) -> str:
        return f"Dask cluster {self.address}"

    def __init__(self, address: str, connect_timeout: float = 10.0):
        self.address = address
        self.connect_timeout = float(connect_timeout)
        self.client = None
        self.window = 4
        self._completed = None  #: a distributed.as_completed fed by submit
        self._log_levels: dict = {}

    def start(self, lang: str | None = None) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:
            raise MissingDependencyError("--executor dask needs dask.distributed, which is not installed",
                                         hint="pip install 'ocr-repair[dask]'") from None
        self._quiet_logs()
        self._check_scheduler()
        timeout = self.connect_timeout
        self.client = _bounded(lambda: _client_class()(self.address, timeout=timeout, set_as_default=False),
                               timeout + 2, f"the Dask scheduler at {self.address}")

        def probe():
            return self.client.run(probe_worker, lang), sum(self.client.nthreads().values())

        try:
            info, threads = _bounded(probe, timeout + self.PROBE_SECONDS, f"the Dask workers of {self.address}")
        except ClusterError:
            raise
        except Exception as exc:
            raise MissingDependencyError(f"a Dask worker cannot run ocr-repair: {type(exc).__name__}: {exc}",
                                         hint="install ocr-repair (same version) on every worker") from None
        if not info:
            raise ClusterError(f"the Dask cluster at {self.address} has no workers")
        for w, (version, problem) in sorted(info.items()):
            if problem:
                raise MissingDependencyError(f"Dask worker {w}: {problem}")
            if version != __version__:
                raise MissingDependencyError(f"Dask worker {w} runs ocr-repair {version}, this is {__version__}",
                                             hint="install the same version on every worker")
        self.window = max(4, 2 * threads)

    def _check_scheduler(self) -> None:
        """Connect once, bounded, and ask what answers: a Dask scheduler, or not."""
        import asyncio

        timeout = self.connect_timeout
        where = f"the Dask scheduler at {self.address}"
        try:
            # in a thread of its own: a loop of its own even when the caller runs one (Jupyter)
            identity = _bounded(lambda: asyncio.run(asyncio.wait_for(_identity(self.address, timeout), timeout)),
                                timeout + 2, where)
        except ClusterError:
            raise
        except (TimeoutError, asyncio.TimeoutError):
            raise ClusterError(f"{where} did not answer within {timeout:g} s",
                               hint="is it the scheduler's address, such as tcp://host:8786, and not its dashboard?") from None
        except ValueError as exc:
            raise ClusterError(f"{self.address!r} is not a Dask scheduler address: {' '.join(str(exc).split())}",
                               hint="an address such as tcp://host:8786") from None
        except Exception as exc:  # OSError, CommClosedError: refused, reset, not Dask's protocol
            raise ClusterError(f"cannot reach {where}: {' '.join(str(exc).split())[:200]}") from None
        kind = identity.get("type") if isinstance(identity, dict) else None
        if kind != "Scheduler":
            what = f"a Dask {kind}" if isinstance(kind, str) else "no Dask scheduler"
            raise ClusterError(f"{self.address} answers, but is {what}, not the scheduler")

    def submit(self, fn: Callable, *args):
        import distributed

        fut = self.client.submit(fn, *args, pure=False)
        if self._completed is None:
            self._completed = distributed.as_completed([fut], loop=self.client.loop)
        else:
            self._completed.add(fut)
        return fut

    def wait(self, futures) -> set:
        """At least one finished future (all of ``futures`` were submitted here); raises
        :class:`ClusterError` when the scheduler is lost (Dask then cancels every task)."""
        import time

        while True:
            done = set(self._completed.next_batch(block=False))
            if done:
                return done
            if self.client.status != "running":
                raise self._lost()
            time.sleep(0.02)

    def result(self, future) -> Any:
        """The task's outcome; :class:`ClusterError` for a task cancelled because the
        scheduler was lost (Dask cancels every task then, finished ones too)."""
        from concurrent.futures import CancelledError

        try:
            return future.result()
        except CancelledError:
            raise self._lost() from None

    def _lost(self) -> ClusterError:
        return ClusterError(f"lost the Dask scheduler at {self.address} during the run",
                            hint="what finished is kept; run again to resume")

    @staticmethod
    def is_broken(exc: BaseException) -> bool:
        return False  # Dask reschedules the tasks of a lost worker itself

    def restart(self) -> None:  # pragma: no cover - never broken
        pass

    def close(self, cancel: bool = False) -> None:
        client, self.client = self.client, None
        if client is not None:  # the tasks in flight are released with the client
            with contextlib.suppress(Exception):
                _bounded(lambda: client.close(timeout=self.CLOSE_SECONDS), self.CLOSE_SECONDS + 1, "closing")
        self._restore_logs()

    def _quiet_logs(self) -> None:
        """Distributed logs to stderr (a lost scheduler, reconnects): this run reports one line instead."""
        import logging

        for name in ("distributed", "tornado"):
            logger = logging.getLogger(name)
            self._log_levels.setdefault(name, logger.level)
            logger.setLevel(logging.CRITICAL + 1)

    def _restore_logs(self) -> None:
        import logging

        for name, level in self._log_levels.items():
            logging.getLogger(name).setLevel(level)
        self._log_levels.clear()
