"""The integrator's path (docs/deploy.md) on an empty store: a district's own files — boundaries level by
level, the people, the accounts and the address register — and then a month of hotline tickets, placed
as well as in the demo the files came from.

The files are the demo's exports (``gridgov boundaries export``, ``people export``, ``addresses export``),
rewritten the way an office's files differ from ours: the register without our micro-grid codes (lines
find their building by their point) and with bare door numbers (135, not 135号), the roster without our
ids. Nothing of the demo loader writes the second store.
"""
import json

import pandas as pd
import psycopg2

from etl.demo.district import build_demo_district
from etl.demo.exports import write_channel_files
from etl.demo.incidents import build_demo_incidents
from etl.demo.loading import clear_store
from tests.command_line import gridgov, stored
from tests.demo_store import demo_store

SEED = 42                                     # the demo the other modules read: built once a run
MONTH = "03"
LAYERS = (("district", None), ("street", None), ("community", None), ("grid", "basic"), ("grid", "dedicated"),
          ("microgrid", "building"), ("microgrid", "stairwell"))


def test_a_district_from_its_own_files_places_hotline_tickets_as_the_demo_does(committed_db, tmp_path):
    demo_store(committed_db, SEED)
    files = _export_the_demo(committed_db, tmp_path)
    month = _hotline_month(tmp_path)
    refs = pd.read_csv(month, encoding="gbk", dtype=str)["工单编号"].dropna().tolist()
    demo_rate, demo_cells = _placed_share(committed_db, refs), _cells(committed_db, refs)
    _clear(committed_db)
    assert stored(committed_db, "SELECT count(*) FROM cell")[0][0] == 0

    for (level, kind), path in zip(LAYERS, files["boundaries"]):
        _ok("boundaries", "import", path, "--level", level, *(("--kind", kind) if kind else ()))
    _ok("generations", "publish", "--effective", "2024-01-01")
    _ok("people", "import", files["people"])
    _ok("accounts", "import", files["accounts"])
    register = json.loads(_ok("addresses", "import", files["register"], "--json").stdout)
    assert register["attached"] == {"by_code": 0, "by_point": register["rows"]} and register["skipped"] == 0
    assert register["lines"] == stored(committed_db, "SELECT count(*) FROM cell WHERE level = 'microgrid'")[0][0]

    report = json.loads(_ok("incidents", "import", month, "--channel", "hotline", "--json").stdout)
    rate = 1 - sum(report["unplaced_reasons"].values()) / report["incidents"]
    assert len(set(refs)) - report["errors"] <= report["incidents"] <= len(set(refs)) and report["incidents"] > 1_500
    assert abs(rate - demo_rate) <= 0.02, (rate, demo_rate, report["unplaced_reasons"])
    assert rate > 0.9 and _placed_share(committed_db, refs) == rate
    cells = _cells(committed_db, refs)
    same = sum(cells[ref] == demo_cells[ref] for ref in cells)
    assert same >= 0.99 * len(cells), same / len(cells)        # the same cells, not only as many
    signed_in = stored(committed_db, "SELECT count(*) FROM account WHERE username = 'zhihui01'")[0][0]
    assert signed_in == 1


def _export_the_demo(database_url, folder):
    boundaries = []
    for level, kind in LAYERS:
        path = folder / f"{level}_{kind or 'all'}.gpkg"
        _ok("boundaries", "export", "--level", level, *(("--kind", kind) if kind else ()), "-o", path)
        boundaries.append(path)
    people = folder / "people_export.csv"
    _ok("people", "export", "-o", people, "--with-personal-data")
    roster = pd.read_csv(people, dtype=str, keep_default_na=False).drop(columns=["id", "open_cases"])
    roster.to_csv(folder / "花名册.csv", index=False, encoding="gbk")
    register = folder / "register_export.csv"
    _ok("addresses", "export", "-o", register)
    lines = pd.read_csv(register, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    lines = lines.drop(columns=["微网格编码"])
    lines["门牌号"] = lines["门牌号"].str.removesuffix("号")
    lines.to_excel(folder / "标准地址.xlsx", index=False)
    street = stored(database_url, "SELECT min(code) FROM cell WHERE level = 'street'")[0][0]
    accounts = pd.DataFrame({"用户名": ["zhihui01", "jiedao01"], "角色": ["command_staff", "street_staff"],
                             "管辖范围": ["370212", street], "初始密码": ["Qingdao-2026-zh", "Qingdao-2026-jd"]})
    accounts.to_csv(folder / "账号.csv", index=False)
    return {"boundaries": boundaries, "people": folder / "花名册.csv", "accounts": folder / "账号.csv",
            "register": folder / "标准地址.xlsx"}


def _hotline_month(folder):
    """One month of the demo's hotline export, as the 12345 platform hands it over (GBK)."""
    incidents = build_demo_incidents(build_demo_district(seed=SEED), seed=SEED)
    path = write_channel_files(incidents, folder / "channels")["hotline"]
    tickets = pd.read_csv(path, encoding="gb18030", dtype=str, keep_default_na=False)
    month = tickets[tickets["受理时间"].str[5:7] == MONTH]
    out = folder / f"hotline_{MONTH}.csv"
    month.to_csv(out, index=False, encoding="gbk", lineterminator="\r\n")
    return out


def _placed_share(database_url, refs):
    placed, total = stored(database_url, "SELECT count(*) FILTER (WHERE placement_method IS NOT NULL), count(*) "
                                         "FROM incident WHERE channel = 'hotline' AND source_ref = ANY(%s)", (refs,))[0]
    return placed / total


def _cells(database_url, refs):
    """Ticket → (grid, micro-grid) it was placed in."""
    return {ref: (grid, micro) for ref, grid, micro in stored(
        database_url, "SELECT source_ref, grid_code, microgrid_code FROM incident "
                      "WHERE channel = 'hotline' AND source_ref = ANY(%s)", (refs,))}


def _clear(database_url):
    conn = psycopg2.connect(database_url)
    with conn:
        clear_store(conn)
        with conn.cursor() as cur:
            cur.execute("TRUNCATE account, responsibility RESTART IDENTITY CASCADE")
    conn.close()


def _ok(*args):
    result = gridgov(*args)
    assert result.exit_code == 0, (args, result.output)
    return result
