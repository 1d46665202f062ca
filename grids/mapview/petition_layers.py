"""The command map's petition layers (issue 17): skip-level visits (越级访) counted per cell of origin, and
the open matters of the backlog register (积案) with their owning leader, as points.

Read-only queries over the petition tables of migrations 026 and 027 (their writers are
:mod:`grids.petitions`); SQL in ``grids/mapview/sql/petition_*.sql``. No personal data: a visit is counted,
never named; a backlog point carries its leader (a public office holder's name and post), the case's
ticket and category, not the petitioners.
"""
from gis.sqlfiles import load
from grids.cells import generations

SKIP_LEVELS = ("city", "province", "beijing")
CELL_LEVELS = ("district", "street", "community", "grid")
LISTED = 2000


def skip_level_cells(conn, *, since, until, level="community", within=None):
    """Skip-level visits of the days [``since``, ``until``) per origin cell at ``level`` under ``within``:
    ``[{"code", "name", "lon", "lat", "city", "province", "beijing", "total"}]`` (a point inside the cell
    of the current generation), most visits first."""
    if level not in CELL_LEVELS:
        raise ValueError(f"level is one of {', '.join(CELL_LEVELS)}")
    return _rows(conn, "petition_skip_level_cells", {
        "since": since, "until": until, "level": level, "within": within,
        "generation": generations.current_generation(conn)})


def backlog_points(conn, *, within=None, limit=LISTED):
    """The open backlog matters whose case lies under ``within`` (all when None) with a place, as
    ``[{"id", "incident_id", "source_ref", "category", "leader_name", "leader_post", "why", "registered_at",
    "consultations", "last_consulted_on", "lon", "lat"}]``, oldest first."""
    return _rows(conn, "petition_backlog_points", {"within": within, "limit": limit})


def _rows(conn, query, params):
    with conn.cursor() as cur:
        cur.execute(load("grids.mapview", query), params)
        columns = [d[0] for d in cur.description]
        return [dict(zip(columns, row)) for row in cur.fetchall()]
