"""Open cases and points in the demo district for the member's tests (committed by the caller)."""
import datetime as dt

from grids.cases import loop

CATEGORY, LIMIT_HOURS = "0101", 72          # 邻里纠纷


def dispatched_case(conn, grid, at, ref, description="楼上漏水，邻居协商未果"):
    """A hotline case at the point on ``grid``'s surface, accepted and dispatched by the command staff at
    ``at`` (so to the grid's member, with the category's 72 h clock); returns its id."""
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO incident (channel, source_ref, reported_at, category_code, title, description, geom,"
            " generation_id, district_code, street_code, community_code, grid_code, placement_method, content_hash)"
            " SELECT 'hotline', %s, %s, %s, %s, %s, ST_PointOnSurface(geom), generation_low, %s, %s, %s, code,"
            " 'coordinates', 'h' FROM cell WHERE code = %s AND generation_high IS NULL RETURNING id",
            (ref, at - dt.timedelta(hours=1), CATEGORY, description[:10], description, grid[:6], grid[:9], grid[:12],
             grid))
        case_id = cur.fetchone()[0]
        cur.execute("SELECT code FROM person WHERE role = 'command_staff' ORDER BY id LIMIT 1")
        command = cur.fetchone()[0]
    loop.act(conn, case_id, "accept", command, now=at - dt.timedelta(minutes=30))
    loop.act(conn, case_id, "dispatch", command, now=at)
    return case_id


def grid_point(conn, grid):
    """``(lon, lat)`` in EPSG:4326 of the point on ``grid``'s surface (where :func:`dispatched_case` puts cases)."""
    with conn.cursor() as cur:
        cur.execute("SELECT ST_X(p), ST_Y(p) FROM (SELECT ST_Transform(ST_PointOnSurface(geom), 4326) AS p FROM cell"
                    " WHERE code = %s AND generation_high IS NULL) s", (grid,))
        return cur.fetchone()
