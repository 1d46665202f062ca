"""Loading the synthetic demo district into the database, through the same cell store as any import.

The district is built by :func:`etl.demo.district.build_demo_district` (pure data, deterministic by
seed); here its levels go in top-down into one draft generation, which is then published as
generation "demo district (synthetic), seed N". A year of synthetic incidents then goes in through
the same intake as real exports: the generator writes each channel's file as that channel exports it
(GBK CSV for 12345, GeoJSON in GCJ-02 for the app …) and ``gridgov incidents import`` reads it. Last,
staff above the grids are added and the year's incidents are run through the case loop in bulk
(:mod:`etl.demo.cases`), so the store holds a year of case histories up to the end of the year; and a
share of its disputes goes through the mediation chain (:mod:`etl.demo.disputes`).

The district's load and the case walk end with ANALYZE of the tables they filled: until autovacuum
comes round, the planner would take them for the empty tables it last saw (the grid metrics of the
district took 1.7–2.5 s instead of 0.04 s). Incidents are analyzed once, after the walk has rewritten
every row (analyzing them after the intake as well cost 1.5 s and did not speed the walk up).
"""
import datetime as dt
import tempfile
import time
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from psycopg2 import sql

from etl.demo.incidents import DEMO_YEAR
from etl.demo.people import demo_responsibilities, demo_staff
from gis.bulk import copy_columns, copy_rows
from gis.sqlfiles import load
from grids.cells import generations
from grids.cells.boundaries import import_cells
from grids.people import responsibility, roster

DEMO_DESCRIPTION = "demo district (synthetic), seed {seed}"
LOAD_ORDER = (("district", None), ("street", None), ("community", None), ("grid", "basic"),
              ("grid", "dedicated"), ("microgrid", "building"), ("microgrid", "stairwell"))


def demo_state(conn):
    """``(generation, description)`` of the current generation, or None when the store is empty."""
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_newest_generation"))
        return cur.fetchone()


def clear_store(conn):
    """Remove every cell, generation, address, person and incident, and what refers to them (drafts, code
    changes, case histories, photos, accounts), with the planning log and the notifications (for
    rebuilding the demo). The planning log has no foreign key (it outlives discarded drafts), so it is
    named here."""
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_clear_store"))


def analyze(conn, *tables):
    """Fresh planner statistics for ``tables`` (run inside the caller's transaction)."""
    with conn.cursor() as cur:
        cur.execute(sql.SQL("ANALYZE {}").format(sql.SQL(", ").join(map(sql.Identifier, tables))))


def load_demo(conn, district, seed, progress=None):
    """Write ``district`` (a ``DemoDistrict``) and publish it; return counts per level and seconds."""
    progress = progress or (lambda message: None)
    started = time.perf_counter()
    counts = {}
    generations.open_draft(conn, DEMO_DESCRIPTION.format(seed=seed))
    for level, kind in LOAD_ORDER:
        part = _level_frame(district.cells, level, kind)
        progress(f"{level} {kind or ''}: {len(part):,} cells")
        import_cells(conn, part, level, kind)
        counts[f"{level}:{kind}" if kind else level] = len(part)
    counts["addresses"] = _load_addresses(conn, district.addresses)
    counts["members"] = _load_people(conn, district.members)
    counts["building heads"] = _load_people(conn, district.heads)
    generations.publish(conn, dt.date(DEMO_YEAR, 1, 1))     # in effect for its whole year of incidents
    analyze(conn, "cell", "standard_address", "person", "person_cell")
    counts["seconds"] = round(time.perf_counter() - started, 1)
    return counts


def _level_frame(cells, level, kind):
    mask = (cells["level"] == level) & ((cells["kind"] == kind) if kind else cells["kind"].isna())
    part = cells[mask].reset_index(drop=True)
    frame = gpd.GeoDataFrame({
        "feature_index": range(len(part)), "feature_id": part["code"].values, "code": part["code"].values,
        "name": part["name"].values, "parent_code": part["parent_code"].values, "kind": part["kind"].values,
        "households": part["households"].values, "population": part["population"].values,
        "attributes": [{"synthetic": True}] * len(part),
    }, geometry=part.geometry.values, crs=cells.crs)
    return frame


def _load_addresses(conn, addresses):
    columns = ("cell_code", "compound", "road", "door_number", "building_number", "unit", "full_address")
    rows = addresses[list(columns)].itertuples(index=False, name=None)
    with conn.cursor() as cur:
        return copy_rows(cur, "standard_address", columns, rows)


def _load_people(conn, people):
    """COPY people and their cells; return how many people.

    ``people`` has a row per assignment: ``name``, ``phone``, ``role``, ``cell_code``, and ``person``
    numbering the people 0, 1 … in the order they first appear, when one has several cells (without it,
    a row is a person). Ids are taken from the person sequence in that order, so they follow the rows
    (grid members: by grid code, from 1 in an empty store).
    """
    person = people["person"].to_numpy() if "person" in people else np.arange(len(people))
    first = ~pd.Series(person).duplicated().to_numpy()
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_person_ids"), {"count": int(first.sum())})
        ids = np.array([row[0] for row in cur.fetchall()], dtype=np.int64)
        copy_columns(cur, "person", {"id": ids, **{c: people[c].to_numpy()[first] for c in ("name", "phone", "role")}})
        copy_columns(cur, "person_cell", {"person_id": ids[person], "cell_code": people["cell_code"].to_numpy()})
    return len(ids)


def load_demo_incidents(conn, district, seed, progress=None):
    """Import a year of the demo's incidents through the channel files; return the reports by channel."""
    from etl.demo.exports import write_channel_files
    from etl.demo.incidents import build_demo_incidents
    from etl.incidents.importing import Intake, import_incident_file

    progress = progress or (lambda message: None)
    incidents = build_demo_incidents(district, seed=seed)
    intake = Intake(conn)
    reports = {}
    with tempfile.TemporaryDirectory() as folder:
        for channel, path in write_channel_files(incidents, Path(folder)).items():
            progress(f"incidents: {channel} ({path.name})")
            reports[channel] = import_incident_file(conn, path, channel=channel, intake=intake)
    return reports


def load_demo_cases(conn, district, seed, progress=None):
    """Add the staff above the grids and run the imported incidents through the case loop, up to the end
    of their year; return the outcome mix (:func:`etl.demo.cases.outcome_mix`) and seconds."""
    from etl.demo import case_store as store
    from etl.demo.cases import outcome_mix, repeat_candidates, walk_cases

    progress = progress or (lambda message: None)
    started = time.perf_counter()
    progress("cases: staff, then a year through the case loop")
    roster.save_people(conn, demo_staff(np.random.default_rng([seed, 5]), district.cells))
    responsibility.save_lines(conn, demo_responsibilities(), source="the demo's responsibility list")
    incidents = store.read_incidents(conn)
    now = store.end_of_year(incidents)
    histories = walk_cases(incidents, store.read_staff(conn), repeat_candidates(incidents), seed, now)
    store.write_histories(conn, histories)
    analyze(conn, "incident", "person", "person_cell")
    return {**outcome_mix(histories, now), "now": now, "seconds": round(time.perf_counter() - started, 1)}


def load_demo_disputes(conn, district, seed, now, progress=None):
    """Mediation organisations and the year's disputes through the chain, up to ``now`` (the case walk's
    end of the year); return the counts (:func:`etl.demo.disputes.load_demo_disputes`) and seconds."""
    from etl.demo.disputes import load_demo_disputes as walk_disputes

    progress = progress or (lambda message: None)
    started = time.perf_counter()
    progress("disputes: mediation organisations, then a year through the chain")
    counts = walk_disputes(conn, district, seed, now)
    analyze(conn, "dispute", "dispute_event", "dispute_party", "dispute_session", "dispute_agreement",
            "dispute_mediator", "dispute_call")
    return {**counts, "seconds": round(time.perf_counter() - started, 1)}


def load_demo_petitions(conn, district, seed, now, progress=None):
    """The petition office's year (:mod:`etl.demo.petitions`): matters from the petition-channel cases,
    proxies, the backlog register, reception days, suggestions; the counts and seconds."""
    from etl.demo.petitions import load_demo_petitions as petition_year

    progress = progress or (lambda message: None)
    started = time.perf_counter()
    progress("petitions: matters, proxies, the backlog register, reception days, suggestions")
    counts = petition_year(conn, district, seed, now)
    analyze(conn, "petition_matter", "petitioner", "petition_event", "proxy_assignment", "backlog_matter")
    return {**counts, "seconds": round(time.perf_counter() - started, 1)}


def load_demo_bursts(conn, district, seed, now, progress=None):
    """The planted bursts (:mod:`etl.demo.bursts`) through the hotline's intake, then through the case loop on
    their own stream (the year's own cases and disputes are walked before and do not move); return the
    truth (one dict per burst with its ticket numbers), the tickets imported and seconds."""
    from etl.demo import case_store as store
    from etl.demo.bursts import planted_bursts
    from etl.demo.cases import repeat_candidates, walk_cases
    from etl.demo.exports import LAYOUTS, _table
    from etl.incidents.importing import import_incident_file

    progress = progress or (lambda message: None)
    started = time.perf_counter()
    progress("bursts: the planted ones (early warnings) through the hotline and the case loop")
    planted = planted_bursts(district, seed)
    name, encoding, line_end, headers = LAYOUTS["hotline"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"hotline_bursts_{DEMO_YEAR}.csv"
        _table(planted.records, headers, iso_time=False).to_csv(path, index=False, encoding=encoding,
                                                                 lineterminator=line_end, errors="strict")
        report = import_incident_file(conn, path, channel="hotline")
    refs = [ref for burst in planted.truth for ref in burst["refs"]]
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_burst_ids"), {"refs": refs})
        ids = {row[0] for row in cur.fetchall()}
    incidents = [i for i in store.read_incidents(conn) if i["id"] in ids]
    histories = walk_cases(incidents, store.read_staff(conn), repeat_candidates(incidents), seed * 1000 + 18, now)
    store.write_histories(conn, histories)
    return {"truth": planted.truth, "ids": sorted(ids), "tickets": report["incidents"], "placed": len(incidents),
            "seconds": round(time.perf_counter() - started, 1)}


# The demo centre's decisions on its year's early warnings: a warning is decided two days after its last
# ticket, by the district command centre's person — confirmed when it holds a planted burst's ticket (the
# generator's truth), dismissed otherwise with the reason a desk writes; those whose last ticket came in
# the three weeks before the demo's "now" are still being verified and stay open (December's wage burst
# among them), for the wall.
DECIDE_AFTER, STILL_VERIFYING = dt.timedelta(days=2), dt.timedelta(days=21)
DISMISSED_BECAUSE = "经核实为日常个体诉求，非群体性事件苗头"


def load_demo_warnings(conn, planted_ids, now, progress=None):
    """The early-warning detector over the demo year (day by day, the default rule) stored as warnings at
    the demo's ``now``, each decided or left open as :data:`DECIDE_AFTER` says; ``{raised, confirmed, dismissed, open,
    seconds}``."""
    from grids.foresight import bursts, warnings

    progress = progress or (lambda message: None)
    started = time.perf_counter()
    progress("early warnings: the detector over the year, and the centre's decisions")
    found = bursts.scan(conn, dt.date(DEMO_YEAR, 1, 1), dt.date(DEMO_YEAR + 1, 1, 1))
    raised = bursts.store(conn, found, bursts.parameters(), now)["raised"]
    with conn.cursor() as cur:
        cur.execute(load("etl.demo", "demo_centre_person"))
        centre = cur.fetchone()[0]
    planted, counts = set(planted_ids), {"confirmed": 0, "dismissed": 0, "open": 0}
    for warning_id in raised:
        warning = warnings.get_warning(conn, warning_id)
        decided_at = warning["last_reported_at"] + DECIDE_AFTER
        if warning["last_reported_at"] > now - STILL_VERIFYING:
            counts["open"] += 1
        elif planted & set(warning["ticket_ids"]):
            warnings.confirm(conn, warning_id, centre, now=decided_at)
            counts["confirmed"] += 1
        else:
            warnings.dismiss(conn, warning_id, centre, DISMISSED_BECAUSE, now=decided_at)
            counts["dismissed"] += 1
    return {"raised": len(raised), **counts, "seconds": round(time.perf_counter() - started, 1)}
