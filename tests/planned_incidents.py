"""Incidents for planning tests, stored where a test puts them (no intake): a grid, a point, a method."""
import datetime as dt

import shapely

from grids.clock import SHANGHAI
from tests.planning import COMMUNITY

MARCH = dt.datetime(2025, 3, 3, 9, 0, tzinfo=SHANGHAI)


def add_incident(conn, ref, grid, xy, *, method="coordinates", microgrid=None, at=MARCH, status="reported",
                 handler=None, level=None):
    """An incident stored in ``grid`` at the point ``xy`` (lon, lat), placed by ``method`` at ``level``
    (``placement_level``: by default the micro-grid's kind when one is given); with a ``handler`` (a
    person id) it is a case at grid level whose 72 h clock started when it came in."""
    if level is None:
        level = ("stairwell" if len(microgrid) == 20 else "building") if microgrid else "grid"
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO incident (channel, source_ref, reported_at, status, geom, district_code, street_code,"
            " community_code, grid_code, microgrid_code, placement_method, placement_level, content_hash,"
            " handler_person_id, handler_level, time_limit_hours, clock_started_at, deadline)"
            " VALUES ('hotline', %s, %s, %s, ST_SetSRID(ST_Point(%s, %s), 4490), '370212', '370212001', %s, %s, %s,"
            " %s, %s, 'h', %s, %s, %s, %s, %s)",
            (ref, at, status, float(xy[0]), float(xy[1]), COMMUNITY, grid, microgrid, method, level, handler,
             "grid" if handler else None, 72 if handler else None, at if handler else None,
             at + dt.timedelta(days=365) if handler else None))


def centre(geom):
    """A point inside ``geom``, as (lon, lat)."""
    return shapely.get_coordinates(shapely.point_on_surface(geom))[0]
