"""The collector pause of large checks: shared by nested and concurrent checks."""

from __future__ import annotations

import gc
import threading

from accord.services.gcpause import collector_paused


def test_the_collector_resumes_when_the_last_check_ends() -> None:
    assert gc.isenabled()
    entered, release = threading.Event(), threading.Event()

    def other_check() -> None:
        with collector_paused():
            entered.set()
            release.wait(5)

    thread = threading.Thread(target=other_check)
    with collector_paused():
        assert not gc.isenabled()
        thread.start()
        assert entered.wait(5)
        with collector_paused():  # nested
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert not gc.isenabled()  # the other check still runs
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_a_collector_switched_off_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_resumes_after_an_error() -> None:
    try:
        with collector_paused():
            raise ValueError("bad document")
    except ValueError:
        pass
    assert gc.isenabled()
