"""Running callables at the same moment in threads, for the concurrency tests on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connections


def in_parallel(*calls: Callable[[], Any], timeout: float = 60) -> list[Any]:
    """Start every call at once (a barrier), wait for all; return their results in order.

    Each thread closes its database connections; an exception in any thread fails the test.
    """
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)
    errors: list[BaseException] = []

    def run(index: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:  # reported by the assertion below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert errors == [], errors
    return results
