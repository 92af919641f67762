"""Where batch's tasks run: in this process, in a pool of local processes, or on a Dask
cluster, behind one small interface (:class:`Executor`).

A task is a plain function and picklable arguments (:mod:`ocr_repair.batch_tasks`); it
returns its outcome and never raises for a bad input. The scheduler (:mod:`ocr_repair.batch`)
keeps at most ``window`` tasks in flight, waits for some to finish, and reads their
results with ``future.result()``. An executor only runs tasks: it writes no file.

=====================  ==============================================================
``name``               ``"inline"``, ``"local"`` or ``"dask"`` (the report's ``executor``)
``window``             how many tasks to keep in flight
``describe()``         for the log line: ``"2 processes"``, ``"Dask cluster tcp://…"``
``start(lang)``        get the workers ready; ``lang``: the Tesseract languages the tasks
                       need (None: no OCR). Raises :class:`~ocr_repair.errors.MissingDependencyError`
                       when the workers cannot run the tasks
``submit(fn, *args)``  a :class:`concurrent.futures.Future`-like object
``wait(futures)``      block until at least one of them is done; return the done ones
``is_broken(exc)``     the task failed with its worker (a crashed process), not by itself:
                       the scheduler reruns such tasks one at a time after ``restart()``
``restart()``          replace broken workers
``close(cancel)``      end the workers (``cancel``: at once, abandoning the tasks in flight)
=====================  ==============================================================
"""

from __future__ import annotations

import contextlib
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
    def is_broken(exc: BaseException) -> bool:
        return False

    def restart(self) -> None:
        pass

    def close(self, cancel: bool = False) -> None:
        pass


# -- a process pool on this machine ----------------------------------------------------------

def init_worker() -> None:
    """ProcessPoolExecutor initializer: Tesseract on one thread, and a process group of
    its own: Ctrl-C in the terminal reaches only the parent, which then ends each worker
    together with the Tesseract it runs (``killpg``)."""
    from .tesseract import single_threaded_env

    single_threaded_env()
    with contextlib.suppress(AttributeError, OSError):
        os.setpgrp()
    import threading

    threading.Thread(target=_exit_with_parent, name="ocr-repair-watchdog", daemon=True).start()


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
    with contextlib.suppress(OSError, AttributeError):
        if os.getpgid(0) == os.getpid():
            os.killpg(os.getpid(), signal.SIGKILL)
    os._exit(1)


class LocalExecutor:
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

    def submit(self, fn: Callable, *args):
        return self._pool.submit(fn, *args)

    def wait(self, futures) -> set:
        from concurrent.futures import FIRST_COMPLETED, wait

        return wait(futures, return_when=FIRST_COMPLETED).done

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


class DaskExecutor:
    """The same tasks on a Dask distributed cluster (``dask.distributed.Client(address)``)."""

    name = "dask"

    def describe(self) -> str:
        return f"Dask cluster {self.address}"

    def __init__(self, address: str):
        self.address = address
        self.client = None
        self.window = 4
        self._completed = None  #: a distributed.as_completed fed by submit

    def start(self, lang: str | None = None) -> None:
        try:
            import distributed
        except ImportError:
            raise MissingDependencyError("--executor dask needs dask.distributed, which is not installed",
                                         hint="pip install 'ocr-repair[dask]'") from None
        try:
            self.client = distributed.Client(self.address, timeout="20s", set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise MissingDependencyError(f"cannot reach the Dask scheduler at {self.address}: "
                                         f"{' '.join(str(exc).split())[:200]}") from None
        try:
            info = self.client.run(probe_worker, lang)
        except Exception as exc:
            self.close()
            raise MissingDependencyError(f"a Dask worker cannot run ocr-repair: {type(exc).__name__}: {exc}",
                                         hint="install ocr-repair (same version) on every worker") from None
        if not info:
            self.close()
            raise MissingDependencyError(f"the Dask cluster at {self.address} has no workers")
        for w, (version, problem) in sorted(info.items()):
            if problem:
                self.close()
                raise MissingDependencyError(f"Dask worker {w}: {problem}")
            if version != __version__:
                self.close()
                raise MissingDependencyError(f"Dask worker {w} runs ocr-repair {version}, this is {__version__}",
                                             hint="install the same version on every worker")
        threads = sum(self.client.nthreads().values())
        self.window = max(4, 2 * threads)

    def submit(self, fn: Callable, *args):
        import distributed

        fut = self.client.submit(fn, *args, pure=False)
        if self._completed is None:
            self._completed = distributed.as_completed([fut], loop=self.client.loop)
        else:
            self._completed.add(fut)
        return fut

    def wait(self, futures) -> set:
        """At least one finished future (all of ``futures`` were submitted here)."""
        done = {next(self._completed)}
        done.update(self._completed.next_batch(block=False))
        return done

    @staticmethod
    def is_broken(exc: BaseException) -> bool:
        return False  # Dask reschedules the tasks of a lost worker itself

    def restart(self) -> None:  # pragma: no cover - never broken
        pass

    def close(self, cancel: bool = False) -> None:
        if self.client is not None:
            client, self.client = self.client, None
            with contextlib.suppress(Exception):
                client.close()
