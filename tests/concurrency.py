"""Race tests (PostgreSQL): run several calls at the same moment, each in a thread with its own database
connection, and close those connections when the threads end — a connection left open holds the test database
and the run ends with "Error when trying to teardown test databases: … being accessed by other users"."""

import threading

from django.db import connections


def run_at_once(*calls, timeout=60):
    """Run each zero-argument callable in a thread of its own, all released together by a barrier; wait for all.

    Returns ``[(result, exception)]`` in the order of `calls` (one of the two is ``None``). A thread still running
    after `timeout` seconds fails the test rather than leaving a connection behind unseen.
    """
    barrier = threading.Barrier(len(calls))
    outcomes = [(None, None)] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=timeout)
            outcomes[index] = (call(), None)
        except Exception as exc:  # noqa: BLE001 - handed back to the test, which asserts on it
            outcomes[index] = (None, exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    stuck = [thread.name for thread in threads if thread.is_alive()]
    assert not stuck, f"threads still running after {timeout} s: {stuck}"
    return outcomes
