"""The command line in tests: ``gridgov`` run in-process (click's runner), and the planning world's
split used by the ``plan`` and ``incidents replace`` tests."""
from tests.command_line import gridgov
from tests.planning import COMMUNITY, point

WEST, EAST = f"{COMMUNITY}005", f"{COMMUNITY}006"     # grid 001 split by :func:`cut`


def ok(*args):
    """Run ``gridgov *args``, assert it succeeded, return what it printed."""
    result = gridgov(*args)
    assert result.exit_code == 0, result.output
    return result.output


def cut():
    """A north–south line across grid 001 at 0.6 units, as WKT: west of it becomes WEST, east EAST."""
    (x0, y0), (x1, y1) = point(0.6, 0.9), point(0.6, 2.1)
    return f"LINESTRING({x0} {y0}, {x1} {y1})"
