"""The e-mail parse's time budget holds even when the garbage collector calls Python code in the middle of it
(a finaliser or a weakref callback, where Python ignores what is raised and would drop the hook)."""

from __future__ import annotations

import email
import sys
import time

import pytest

from steward.core.mime_limits import ShapeError, parse_budget

pytestmark = pytest.mark.skipif(sys.gettrace() is not None, reason="a debugger or coverage owns the hook")


class _Collected:
    """Its finaliser is the first Python call after the deadline; what a finaliser raises is ignored."""

    def __del__(self) -> None:
        pass


def test_a_finaliser_run_after_the_deadline_does_not_disarm_it() -> None:
    with pytest.raises(ShapeError, match=r"took over 0\.05 s"), parse_budget(0.05):
        time.sleep(0.1)  # a C call: the hook is not asked
        _Collected()  # dropped at once: its __del__ is the first Python call after the deadline
        email.message_from_string("Subject: hello\n\nbody")  # the parser's next call is stopped
    assert sys.gettrace() is None


def test_a_quick_parse_passes_and_leaves_no_hook() -> None:
    with parse_budget(5):
        sum(range(10))
    assert sys.gettrace() is None
