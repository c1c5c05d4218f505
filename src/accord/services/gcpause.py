"""Pausing the cyclic garbage collector while a check builds large object graphs.

A compatibility check of a 4 MB contract against 20 stored versions creates
about a million objects (parsed documents, diff memos) in a few seconds. The
collector's full collections are triggered by that growth and scan everything
alive each time: left on, they cost more than the check itself. Reference
counting still frees what it can while the collector is paused; the collector
resumes when the last paused check in the process ends (checks run in
several threads at once) and then collects the check's cyclic garbage as usual.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_paused = 0
_resume = False


@contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block (nested and concurrent blocks share one
    pause; it was never on if it was off before the first one began)."""
    global _paused, _resume
    with _lock:
        if _paused == 0:
            _resume = gc.isenabled()
            gc.disable()
        _paused += 1
    try:
        yield
    finally:
        with _lock:
            _paused -= 1
            if _paused == 0 and _resume:
                gc.enable()
