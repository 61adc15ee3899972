"""Where process_batch runs: in this process, in a pool of local processes (one per core, each
loading the model once), or as tasks on a dask.distributed cluster.  All three give the same
results in the same order; only a few tasks are in flight at once, so memory stays flat."""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future

log = logging.getLogger("pipeline")


class InProcess:
    """Runs each task at once, in this process."""

    workers = 1

    def submit(self, fn: Callable, *args) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args))
        except BaseException as e:  # surfaced by result(), as a pool would
            future.set_exception(e)
        return future

    def close(self) -> None:
        pass


class ProcessPool:
    """A pool of spawned processes; each builds the spaCy pipeline once, on its first document."""

    def __init__(self, workers: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self.workers = workers
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))

    def submit(self, fn: Callable, *args) -> Future:
        return self.pool.submit(fn, *args)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """Tasks on a dask.distributed cluster: the scheduler at `address`, or a LocalCluster."""

    def __init__(self, address: str | None, workers: int):
        from distributed import Client, LocalCluster

        self.cluster = None
        if address:
            self.client = Client(address)
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = max(1, len(self.client.scheduler_info().get("workers", {})) or workers)
        log.info("dask: %d workers at %s", self.workers, self.client.scheduler.address)

    def submit(self, fn: Callable, *args):
        return self.client.submit(fn, *args, pure=False)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_engine(name: str = "local", *, workers: int = 1, scheduler: str | None = None):
    if name == "dask":
        return DaskCluster(scheduler, workers)
    if name != "local":
        raise ValueError(f"unknown engine {name!r}: use local or dask")
    return ProcessPool(workers) if workers > 1 else InProcess()


def ordered_results(engine, tasks: Iterable, *, window: int) -> Iterator:
    """Submit Tasks as the window allows and yield their results in submission order.
    An item that is not a task (a result already at hand) passes through in its place."""
    queue: deque = deque()
    in_flight = 0
    for item in tasks:
        if isinstance(item, Task):
            queue.append(engine.submit(item.fn, *item.args))
            in_flight += 1
        else:
            queue.append(_Ready(item))
        while queue and (in_flight >= window or isinstance(queue[0], _Ready)):
            head = queue.popleft()
            if not isinstance(head, _Ready):
                in_flight -= 1
            yield head.result()
    while queue:
        yield queue.popleft().result()


class Task:
    __slots__ = ("args", "fn")

    def __init__(self, fn: Callable, *args):
        self.fn, self.args = fn, args


class _Ready:
    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value
