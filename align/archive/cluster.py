"""The Dask side: a client on a ``LocalCluster`` (one single-threaded
worker process per core) or on an existing scheduler, and running one
function over many documents with futures and ``as_completed``.

Dask does the scheduling, the load balancing and the recovery: a worker
that dies (killed, out of memory) has its documents rescheduled on the
others; a document that kills ``distributed.scheduler.allowed-failures``
workers in a row comes back as :class:`~distributed.KilledWorker` and is
reported failed.  Nothing here schedules anything itself; we only tell Dask
two things it cannot know: which documents are big (they get a higher
priority, so the biggest run first and the small ones fill in at the end:
longest-processing-time order, which keeps a worker from idling while
another finishes a long document), and that a document needs a worker's
whole encoder (the ``encoder`` worker resource, see :data:`ENCODER`).
"""
from __future__ import annotations

import logging
import os
import signal
import time
import warnings
from contextlib import contextmanager
from typing import Callable, Iterator, Sequence, TypeVar

from distributed import Client, LocalCluster, WorkerPlugin, as_completed
from tqdm import tqdm

from ..errors import InputError

SCHEDULER_VARIABLE = "MUQABALA_SCHEDULER"
#: The worker resource a document task asks one unit of.  A worker offering
#: ``encoder=1`` (the local cluster's do; ``dask worker --resources
#: encoder=1``) runs one document at a time whatever its thread count, so
#: two encodings never share one process's cores.
ENCODER = "encoder"

T = TypeVar("T")
R = TypeVar("R")


def scheduler_address(scheduler: str | None) -> str | None:
    """``--scheduler``, else ``$MUQABALA_SCHEDULER``, else ``None`` (a local cluster)."""
    return scheduler or os.environ.get(SCHEDULER_VARIABLE) or None


@contextmanager
def open_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client on ``scheduler`` (``tcp://host:8786``), or on a new
    ``LocalCluster`` of ``workers`` single-threaded processes (default: one
    per core) on the loopback interface, closed on exit."""
    address = scheduler_address(scheduler)
    if address:
        try:
            client = Client(address, timeout=30)
        except (OSError, TimeoutError) as exc:
            raise InputError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
        try:
            yield client
        finally:
            client.close()
        return
    cluster = local_cluster(workers)
    try:
        with Client(cluster) as client:
            client.register_plugin(IgnoreInterrupts())
            yield client
    finally:
        cluster.close()


def local_cluster(workers: int | None = None) -> LocalCluster:
    """``workers`` single-threaded worker processes (default: one per core)
    on the loopback interface, each offering one :data:`ENCODER`."""
    with warnings.catch_warnings():
        # The scheduler's HTTP endpoint (health, metrics) moves to a free port
        # when another cluster holds 8787; nothing for the user to act on.
        warnings.filterwarnings("ignore", message="Port .* is already in use")
        return LocalCluster(
            n_workers=workers or os.cpu_count() or 1, threads_per_worker=1, processes=True,
            host="127.0.0.1", dashboard_address=None, silence_logs=logging.ERROR, resources={ENCODER: 1},
        )  # fmt: skip


def encoder_restriction(client: Client) -> dict[str, int] | None:
    """``{ENCODER: 1}`` when a worker of the cluster offers the resource,
    else ``None``: a cluster of plain ``dask worker`` processes runs the
    documents unrestricted (a task asking for a resource no worker has
    would wait for ever)."""
    workers = client.scheduler_info()["workers"].values()
    return {ENCODER: 1} if any(w.get("resources", {}).get(ENCODER, 0) >= 1 for w in workers) else None


class IgnoreInterrupts(WorkerPlugin):
    """A worker plugin for the local cluster's processes: Ctrl-C reaches the
    whole process group, and it is the client's to handle (it cancels the
    work and closes the cluster); a worker that took it would die with a
    traceback instead.  Registered with the scheduler, so a worker the
    nanny restarts gets it too."""

    def setup(self, worker) -> None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)


def map_documents(
    client,
    function: Callable[..., R],
    tasks: Sequence[T],
    *,
    args: Callable[[T], tuple],
    size: Callable[[T], int],
    on_result: Callable[[T, R], None],
    on_lost: Callable[[T, BaseException], R],
    sentences: Callable[[R], int],
    desc: str,
    progress: bool = True,
) -> None:
    """Run ``function(*args(task))`` for every task on the cluster and hand
    each result to ``on_result`` as it arrives (in the caller's process,
    which alone writes outputs).  ``size(task)`` (bytes, say) is the task's
    priority: the biggest are run first.  A task whose worker kept dying,
    or that raised, gets ``on_lost(task, exc)`` as its result.  The progress bar
    counts documents and shows the cluster's sentences per second and the
    time left.  On Ctrl-C the pending futures are cancelled and the
    interrupt goes on up: what ``on_result`` has already seen is kept."""

    resources = encoder_restriction(client)
    futures = {client.submit(function, *args(task), pure=False, priority=size(task), resources=resources): task
               for task in sorted(tasks, key=size, reverse=True)}
    done_sentences, start = 0, time.perf_counter()
    try:
        with tqdm(total=len(futures), desc=desc, unit="doc", disable=not progress, smoothing=0.1) as bar:
            for future in as_completed(futures):
                task = futures.pop(future)
                try:
                    result = future.result()
                except Exception as exc:  # KilledWorker, or an error outside the document's own handling
                    result = on_lost(task, exc)
                future.release()
                on_result(task, result)
                done_sentences += sentences(result)
                bar.set_postfix_str(f"{done_sentences / max(time.perf_counter() - start, 1e-9):.1f} sentences/s",
                                    refresh=False)
                bar.update()
    except BaseException:
        client.cancel(list(futures))
        raise
