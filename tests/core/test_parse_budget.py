"""The e-mail parse's time budget holds even when the deadline falls where Python ignores exceptions."""

from __future__ import annotations

import sys
import time

import pytest

from steward.core.mime_limits import ShapeError, parse_budget

pytestmark = pytest.mark.skipif(sys.gettrace() is not None, reason="a debugger or coverage owns the hook")


class _Collected:
    """Its finaliser is the first Python call after the deadline, and Python ignores what it raises."""

    def __del__(self) -> None:
        pass


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the ignored one, on purpose
def test_a_deadline_met_inside_a_finaliser_still_refuses_the_parse() -> None:
    with pytest.raises(ShapeError, match=r"took over 0\.05 s"), parse_budget(0.05):
        time.sleep(0.1)  # a C call: the hook is not asked
        _Collected()  # dropped at once: __del__ runs, the hook raises there, and Python ignores it
    assert sys.gettrace() is None


def test_a_quick_parse_passes_and_leaves_no_hook() -> None:
    with parse_budget(5):
        sum(range(10))
    assert sys.gettrace() is None
