"""The 社情民意综合分析报告 as data: what the monthly or quarterly report to leaders says, for one cell.

Concept: :func:`report_content` gathers everything the report shows into a plain structure (dicts, lists,
numbers, strings; JSON-serialisable) that the writers (the top-level ``reports`` package: PDF and DOCX)
lay out without asking the store anything:

- ``period`` (code, label, since, until), ``cell`` (the report's cell: code, name, level), ``now``;
- ``summary``: the period's intake against the period before and the same period a year before, and the
  cell's KPIs (:func:`grids.cases.kpi.kpis_for_cell`, the same figures as ``gridgov kpi``);
- ``sections``: each ``{key, title, paragraphs, tables, charts, map}``; a table is ``{title, columns,
  rows}`` with ``columns`` ``[{key, label, kind}]`` (kind: text, int, rate, change, number) and the rows
  raw values — :func:`cell_text` turns a value into the text both writers print, so the PDF and the DOCX
  say the same; a chart is ``{title, kind: line|bar, x, series: [{name, values}]}``;
- the map section's ``map``: ``{level, cells: [{code, name, received, geometry (GeoJSON)}]}``.

Sections: volumes by channel (with a twelve-month trend), by category, hot cells and the map, the KPIs of
the cell and of the level below, the seasonal outlook for the coming months (:mod:`grids.foresight.seasons`
over the twelve months before the period's end: "what peaks next month"), emerging issues
(:mod:`grids.foresight.emerging`), the governance index ranking (:mod:`grids.foresight.index`) and — when
``grids.foresight.warnings`` exists — the open early warnings (:func:`open_warnings`, the hook).

Personal data never enters: no reporter, phone, address or ticket text — counts per cell and category only.
"""
import datetime as dt
import importlib
import json

from gis.sqlfiles import load
from grids import clock
from grids.cases import kpi
from grids.cells.hierarchy import child_levels
from grids.foresight import emerging, index, seasons
from grids.mapview import cell_layers, queries
from grids.reports.period import Period, add_months, parse_period

TITLE = "社情民意综合分析报告"
CHANNEL_NAMES = {"hotline": "12345热线", "police110": "110非警务警情", "patrol": "网格员巡查", "app": "群众上报",
                 "petition": "信访", "assigned": "上级交办"}
LEVEL_NAMES = {"district": "区县", "street": "街道", "community": "社区", "grid": "网格", "microgrid": "微网格"}
KPI_COLUMNS = [("received", "受理量", "int"), ("response_rate", "响应率", "rate"),
               ("on_time_rate", "按期处置率", "rate"), ("resolution_rate", "解决率", "rate"),
               ("satisfaction_rate", "满意率", "rate"), ("repeat_rate", "重复率", "rate"),
               ("backlog_open", "在办未结", "int"), ("backlog_overdue", "超期未结", "int")]
INDEX_COMPONENTS = {"dispute_density": "纠纷密度", "on_time": "按期", "resolution": "解决", "satisfaction": "满意",
                    "repeats": "重复", "backlog": "积案"}
TREND_MONTHS = 12
HOT_LIMIT = 10
TOP_CATEGORIES = 10
OUTLOOK_LIMIT = 20
EMERGING_LIMIT = 15
WARNINGS_MODULE = "grids.foresight.warnings"


def report_content(conn, period, cell=None, now=None):
    """The report of ``period`` (a :class:`~grids.reports.period.Period` or its text, ``2025Q4`` /
    ``2025-11``) for the cell ``cell`` (default: the store's district), its cases as they stand at ``now``
    (default: the clock). Raises :class:`~grids.reports.period.PeriodError` on a bad period."""
    period = period if isinstance(period, Period) else parse_period(period)
    now = clock.resolve(now)
    info = _cell(conn, cell)
    code = info["code"]
    sub_level = _sub_level(info["level"])
    names = {c["code"]: c["name"] for c in queries.categories(conn)}
    parents = {c["code"]: c["parent_code"] for c in queries.categories(conn)}
    volumes = _volumes(conn, code, add_months(period.since, -TREND_MONTHS), period.until, _home(conn, info))
    kpis = kpi.kpis_for_cell(conn, code, _start(period.since), _start(period.until), now)
    summary = _summary(volumes, period, kpis)
    sections = [
        _overview(summary, period, info),
        _channels(volumes, period),
        _categories(volumes, period, names, parents),
        _hot_cells(conn, code, period, now),
        _kpi_section(conn, code, sub_level, period, now, kpis),
        _outlook(conn, code, sub_level, period, names),
        _emerging(conn, code, sub_level, period, names),
        _index_ranking(conn, code, sub_level, period, now),
    ]
    warnings = open_warnings(conn, code, now)
    if warnings is not None:
        sections.append(_warnings_section(conn, warnings, names))
    return {"title": TITLE, "period": {"code": period.code, "label": period.label, "kind": period.kind,
                                       "kind_label": period.kind_label, "since": period.since.isoformat(),
                                       "until": period.until.isoformat()},
            "cell": info, "now": now.astimezone(clock.SHANGHAI).isoformat(), "summary": summary, "sections": sections,
            "warnings_included": warnings is not None}


def open_warnings(conn, cell, now):
    """The hook for early warnings (预警): the warnings inside ``cell`` still open (待研判) from
    ``grids.foresight.warnings.list_warnings`` — dicts with the category, cell, severity, the number of
    distinct reporters and of tickets, never a person or a ticket's text — or None when that module (or
    its function) is missing: the report then has no warnings section and ``warnings_included`` says so."""
    try:
        module = importlib.import_module(WARNINGS_MODULE)
    except ModuleNotFoundError:
        return None
    lister = getattr(module, "list_warnings", None)
    if lister is None:
        return None
    return [w for w in lister(conn, statuses=["open"], within=cell)
            if w["first_reported_at"] is None or w["first_reported_at"] <= now]


def cell_text(value, kind):
    """The text a report prints for ``value`` of a column ``kind`` (both writers use it).

    >>> cell_text(0.9654, "rate"), cell_text(None, "rate"), cell_text(1234, "int"), cell_text(-0.125, "change")
    ('96.5%', '—', '1,234', '-12.5%')
    """
    if value is None:
        return "—"
    if kind == "int":
        return f"{int(value):,}"
    if kind == "rate":
        return f"{value:.1%}"
    if kind == "change":
        return f"{value:+.1%}"
    if kind == "number":
        return f"{value:,.1f}"
    return str(value)


def _start(day):
    return dt.datetime.combine(day, dt.time(), tzinfo=clock.SHANGHAI)


def _cell(conn, code):
    if code is None:
        districts = cell_layers.level_cells(conn, "district").codes
        code = districts[0] if districts else None
    info = cell_layers.cell_info(conn, code) if code else None
    if info is None:
        from grids.errors import HierarchyError
        raise HierarchyError(f"no cell {code!r} in the current generation to report on", code=code)
    return {k: info[k] for k in ("code", "name", "level")} | {"level_name": LEVEL_NAMES.get(info["level"], "")}


def _sub_level(level):
    below = child_levels(level)
    chosen = below[0] if below else level
    return chosen if chosen in seasons.LEVEL_COLUMNS else "grid"


def _home(conn, info):
    """The report's cell when it is the store's only district: unplaced incidents count there, as in its
    KPIs (:func:`grids.cases.kpi.kpis_by_level` at district level); else None."""
    districts = cell_layers.level_cells(conn, "district").codes
    return info["code"] if info["level"] == "district" and len(districts) == 1 else None


def _volumes(conn, cell, since, until, home=None):
    """``[(channel, category_code, month date, incidents)]`` of the cell from ``since`` to ``until``."""
    with conn.cursor() as cur:
        cur.execute(load("grids.reports", "report_volumes"), {"since": _start(since), "until": _start(until),
                                                               "cell": cell, "home": home})
        return [(row[0], row[1], row[2], int(row[3])) for row in cur.fetchall()]


def _total(volumes, since, until, key=None):
    """Incidents of ``volumes`` in ``[since, until)``, per ``key(row)`` when given."""
    if key is None:
        return sum(n for _, _, month, n in volumes if since <= month < until)
    found = {}
    for row in volumes:
        if since <= row[2] < until:
            found[key(row)] = found.get(key(row), 0) + row[3]
    return found


def _change(now, before):
    return kpi.ratio(now - before, before)


def _summary(volumes, period, kpis):
    previous, last_year = period.previous(), period.a_year_before()
    received = _total(volumes, period.since, period.until)
    before = _total(volumes, previous.since, previous.until)
    year_ago = _total(volumes, last_year.since, last_year.until)
    return {"received": received, "previous": before, "previous_change": _change(received, before),
            "year_ago": year_ago, "year_ago_change": _change(received, year_ago),
            "previous_label": previous.label, "year_ago_label": last_year.label,
            "kpis": {key: kpis[key] for key, _, _ in KPI_COLUMNS}}


def _section(key, title, paragraphs=(), tables=(), charts=(), cell_map=None):
    return {"key": key, "title": title, "paragraphs": list(paragraphs), "tables": list(tables),
            "charts": list(charts), "map": cell_map}


def _columns(*specs):
    return [{"key": key, "label": label, "kind": kind} for key, label, kind in specs]


def _overview(summary, period, info):
    k = summary["kpis"]
    text = (f"{period.label}，{info['name']}共受理群众诉求 {cell_text(summary['received'], 'int')} 件，"
            f"较{summary['previous_label']}（{cell_text(summary['previous'], 'int')} 件）"
            f"{_trend_words(summary['previous_change'])}，"
            f"较{summary['year_ago_label']}（{cell_text(summary['year_ago'], 'int')} 件）"
            f"{_trend_words(summary['year_ago_change'])}。")
    kpis = (f"响应率 {cell_text(k['response_rate'], 'rate')}，按期处置率 {cell_text(k['on_time_rate'], 'rate')}，"
            f"解决率 {cell_text(k['resolution_rate'], 'rate')}，满意率 {cell_text(k['satisfaction_rate'], 'rate')}，"
            f"重复率 {cell_text(k['repeat_rate'], 'rate')}；在办未结 {cell_text(k['backlog_open'], 'int')} 件，"
            f"其中超期 {cell_text(k['backlog_overdue'], 'int')} 件。")
    return _section("overview", "总体情况", [text, kpis])


def _trend_words(change):
    if change is None:
        return "无可比数据"
    if abs(change) < 0.0005:
        return "持平"
    return f"{'上升' if change > 0 else '下降'} {abs(change):.1%}"


def _months(period):
    return [add_months(period.until, -i) for i in range(TREND_MONTHS, 0, -1)]


def _share_rows(now, before, total, label):
    rows = []
    for key in sorted(set(now) | set(before), key=lambda k: (-now.get(k, 0), str(k))):
        rows.append({"name": label(key), "received": now.get(key, 0), "previous": before.get(key, 0),
                     "change": _change(now.get(key, 0), before.get(key, 0)),
                     "share": kpi.ratio(now.get(key, 0), total)})
    return rows


SHARE_COLUMNS = (("received", "本期", "int"), ("previous", "上期", "int"), ("change", "环比", "change"),
                 ("share", "占比", "rate"))


def _table(title, columns, rows):
    return {"title": title, "columns": columns, "rows": [[row.get(c["key"]) for c in columns] for row in rows]}


def _channels(volumes, period):
    previous = period.previous()
    now = _total(volumes, period.since, period.until, key=lambda r: r[0])
    before = _total(volumes, previous.since, previous.until, key=lambda r: r[0])
    rows = _share_rows(now, before, sum(now.values()), lambda c: CHANNEL_NAMES.get(c, c))
    months = _months(period)
    channels = sorted({r[0] for r in volumes}, key=lambda c: list(CHANNEL_NAMES).index(c) if c in CHANNEL_NAMES else 99)
    by_month = _total(volumes, months[0], period.until, key=lambda r: (r[0], r[2]))
    chart = {"title": f"近{TREND_MONTHS}个月各渠道受理量（件）", "kind": "line",
             "x": [f"{m.year % 100:02d}/{m.month:02d}" for m in months],
             "series": [{"name": CHANNEL_NAMES.get(c, c), "values": [by_month.get((c, m), 0) for m in months]}
                        for c in channels]}
    leader = rows[0]["name"] if rows and rows[0]["received"] else None
    paragraphs = [f"从渠道看，{leader}受理最多，占 {cell_text(rows[0]['share'], 'rate')}。"] if leader else []
    return _section("channels", "诉求总量与渠道分布", paragraphs,
                    [_table("各渠道受理量", _columns(("name", "渠道", "text"), *SHARE_COLUMNS), rows)], [chart])


def _categories(volumes, period, names, parents):
    previous = period.previous()

    def top(row):
        code = row[1]
        return parents.get(code) or code if code else None

    def label(code):
        return names.get(code, code) if code else "未分类"

    now = _total(volumes, period.since, period.until, key=top)
    before = _total(volumes, previous.since, previous.until, key=top)
    total = sum(now.values())
    big = _share_rows(now, before, total, label)
    small_now = _total(volumes, period.since, period.until, key=lambda r: r[1])
    small_before = _total(volumes, previous.since, previous.until, key=lambda r: r[1])
    small = _share_rows(small_now, small_before, total, label)[:TOP_CATEGORIES]
    chart = {"title": "本期各大类受理量（件）", "kind": "bar", "x": [r["name"] for r in big],
             "series": [{"name": "本期", "values": [r["received"] for r in big]},
                        {"name": "上期", "values": [r["previous"] for r in big]}]}
    rising = [r for r in small if r["change"] is not None and r["change"] > 0.2 and r["received"] >= 10]
    paragraphs = [f"诉求集中在{'、'.join(r['name'] for r in big[:3])}。"] if big else []
    if rising:
        paragraphs.append("环比明显上升的小类：" + "、".join(f"{r['name']}（{cell_text(r['change'], 'change')}）"
                                                  for r in rising[:5]) + "。")
    return _section("categories", "诉求类别分析", paragraphs,
                    [_table("各大类受理量", _columns(("name", "大类", "text"), *SHARE_COLUMNS), big),
                     _table(f"受理量前{TOP_CATEGORIES}的小类", _columns(("name", "小类", "text"), *SHARE_COLUMNS), small)],
                    [chart])


def _hot_cells(conn, code, period, now):
    filters = queries.Filters(scope=(code,), now=now, since=_start(period.since), until=_start(period.until))
    level = "grid" if len(code) < 15 else "microgrid"
    rows = queries.hot_cells(conn, level, filters, limit=HOT_LIMIT)
    received = queries.counts(conn, level, filters)
    cells = cell_layers.level_cells(conn, level)
    chosen = cells.select((code,))
    if level == "microgrid":
        chosen = [i for i in chosen if len(cells.codes[i]) == 18]          # buildings, not their stairwells
    cell_map = {"level": level, "title": f"本期各{LEVEL_NAMES[level]}受理量分布",
                "cells": [{"code": cells.codes[i], "name": cells.rows[i]["name"],
                           "received": received.get(cells.codes[i], 0),
                           "geometry": json.loads(cells.geometries[i])} for i in chosen]}
    table = _table(f"受理量前{HOT_LIMIT}的{LEVEL_NAMES[level]}",
                   _columns(("code", "编码", "text"), ("name", "名称", "text"), ("received", "本期", "int"),
                            ("previous", "上期", "int"), ("change_rate", "环比", "change")), rows)
    paragraphs = [f"受理量最多的{LEVEL_NAMES[level]}是{rows[0]['name']}（{rows[0]['received']:,} 件）。"] if rows else []
    return _section("hot_cells", "热点区域", paragraphs, [table], cell_map=cell_map)


def _kpi_section(conn, code, sub_level, period, now, kpis):
    own = _table(f"{kpis.get('name') or code} 考核指标", _columns(*KPI_COLUMNS), [kpis])
    rows = [r for r in kpi.kpis_by_level(conn, sub_level, _start(period.since), _start(period.until), now,
                                         within=code) if r["code"] != code]
    below = _table(f"各{LEVEL_NAMES[sub_level]}考核指标", _columns(("name", LEVEL_NAMES[sub_level], "text"), *KPI_COLUMNS),
                   rows[:40])
    return _section("kpis", "考核指标", [
        "指标口径：统计本期受理的诉求在统计时点的办理情况；按期处置率中，已超期仍未办结的案件计为未按期。"], [own, below] if rows else [own])


def _outlook(conn, code, sub_level, period, names):
    """The seasonal pairs of the level below whose peak months include one of the coming months, learnt
    from the twelve months before the period's end: what to prepare for (未诉先办)."""
    until = period.until
    since = add_months(until, -12)
    profiles = seasons.seasons(conn, sub_level, since, until)
    profiles = profiles[profiles["seasonal"] & profiles["cell_code"].str.startswith(code)]
    cell_names = _names(conn, sub_level)
    coming = period.months_after(1 if period.kind == "month" else 3)
    counts = seasons.month_counts(conn, sub_level, since, until)
    counts = counts[counts["cell_code"].str.startswith(code)]
    last_year = {(r.cell_code, r.category_code, r.month): int(r.incidents) for r in counts.itertuples(index=False)}
    rows = []
    for month in coming:
        for row in profiles.itertuples(index=False):
            if month.month in row.peak_months:
                rows.append({"month": f"{month.year}年{month.month}月", "cell": cell_names.get(row.cell_code, row.cell_code),
                             "category": names.get(row.category_code, row.category_code),
                             "last_year": last_year.get((row.cell_code, row.category_code, month.month), 0),
                             "ratio": row.index[month.month - 1],
                             "peaks": "、".join(f"{m}月" for m in row.peak_months)})
    rows.sort(key=lambda r: (r["month"], -(r["ratio"] or 0)))
    months_text = "、".join(f"{m.month}月" for m in coming)
    if rows:
        categories = list(dict.fromkeys(r["category"] for r in rows))
        paragraphs = [f"据 {since:%Y年%m月} 至 {add_months(until, -1):%Y年%m月} 的历史数据，{months_text}将进入"
                      f"{'、'.join(categories[:5])}等问题的高发期，建议提前部署、未诉先办。"]
    else:
        paragraphs = [f"历史数据中未发现在{months_text}显著高发的季节性问题。"]
    table = _table(f"未来{len(coming)}个月季节性高发问题（高发倍数 = 该月 / 平稳水平）",
                   _columns(("month", "月份", "text"), ("cell", LEVEL_NAMES[sub_level], "text"),
                            ("category", "类别", "text"), ("last_year", "去年同月", "int"),
                            ("ratio", "高发倍数", "number"), ("peaks", "高发月份", "text")), rows[:OUTLOOK_LIMIT])
    return _section("outlook", "季节性研判与展望", paragraphs, [table])


def _emerging(conn, code, sub_level, period, names):
    end = period.until
    window = 14 if period.kind == "month" else 28
    since = end - dt.timedelta(days=window + emerging.BASELINE_DAYS)
    counts = emerging.day_counts(conn, sub_level, since, end)
    found = emerging.emerging_issues(counts, end, window_days=window)
    found = found[found["cell_code"].str.startswith(code)]
    cell_names = _names(conn, sub_level)
    rows = [{"cell": cell_names.get(r.cell_code, r.cell_code), "category": names.get(r.category_code, r.category_code),
             "count": int(r.count), "expected": None if r.expected != r.expected else float(r.expected),
             "ratio": None if r.ratio != r.ratio else float(r.ratio),
             "kind": "新出现" if r.kind == "new" else "上升"} for r in found.head(EMERGING_LIMIT).itertuples(index=False)]
    paragraphs = [f"期末 {window} 天与此前 {emerging.BASELINE_DAYS} 天相比（已扣除全区同类的季节变化），"
                  + (f"{len(found)} 个{LEVEL_NAMES[sub_level]}×类别出现异常上升或新出现。" if len(found)
                     else "未发现异常上升或新出现的问题。")]
    table = _table("新发、上升问题", _columns(("cell", LEVEL_NAMES[sub_level], "text"), ("category", "类别", "text"),
                                         ("count", "件数", "int"), ("expected", "预期", "number"),
                                         ("ratio", "倍数", "number"), ("kind", "类型", "text")), rows)
    return _section("emerging", "新发问题", paragraphs, [table])


def _index_ranking(conn, code, sub_level, period, now):
    rows = [r for r in index.governance_index(conn, sub_level, period.since, period.until, now)
            if r["code"].startswith(code) and r["code"] != code]
    flat = [{"rank": r["rank"], "name": r["name"], "index": r["index"],
             **{k: r["components"].get(k) for k in INDEX_COMPONENTS}} for r in rows]
    table = _table(f"各{LEVEL_NAMES[sub_level]}治理指数排名（0–100，越高越好）",
                   _columns(("rank", "排名", "int"), ("name", LEVEL_NAMES[sub_level], "text"), ("index", "指数", "number"),
                            *((k, v, "number") for k, v in INDEX_COMPONENTS.items())), flat[:40])
    chart = {"title": "治理指数（前 15）", "kind": "bar", "x": [r["name"] for r in flat[:15]],
             "series": [{"name": "指数", "values": [r["index"] or 0 for r in flat[:15]]}]}
    paragraphs = ["指数由纠纷密度、按期处置、解决、满意、重复、积案六项得分（0–100）加权平均而成，越高越好。"]
    if flat and flat[0]["index"] is not None:
        paragraphs.append(f"本期排名第一的是{flat[0]['name']}（{flat[0]['index']:.1f}），"
                          f"末位是{flat[-1]['name']}（{cell_text(flat[-1]['index'], 'number')}）。")
    return _section("index", "治理指数排名（一图一指数）", paragraphs, [table], [chart] if flat else [])


def _warnings_section(conn, warnings, names):
    cell_names = {}
    for w in warnings:
        code = w.get("cell_code")
        if code and code not in cell_names:
            info = cell_layers.cell_info(conn, code)
            cell_names[code] = info["name"] if info else code
    rows = [{"cell": cell_names.get(w.get("cell_code"), w.get("cell_code")),
             "category": w.get("category_name") or names.get(w.get("category_code"), w.get("category_code")),
             "severity": w.get("severity_label") or w.get("severity"), "reporters": w.get("reporters"),
             "tickets": w.get("tickets"),
             "first": _day_text(w.get("first_reported_at")), "last": _day_text(w.get("last_reported_at"))}
            for w in warnings]
    table = _table("待研判的预警（多人、同一类别、同一地点、短时间内集中反映）",
                   _columns(("cell", "区域", "text"), ("category", "类别", "text"), ("severity", "等级", "text"),
                            ("reporters", "反映人数", "int"), ("tickets", "关联工单", "int"),
                            ("first", "首次反映", "text"), ("last", "最近反映", "text")), rows[:40])
    paragraphs = [f"截至统计时点，有 {len(rows)} 条群体性事件苗头预警待研判，请属地及时核实、确认或排除。"
                  if rows else "截至统计时点，没有待研判的群体性事件苗头预警。"]
    return _section("warnings", "群体性事件苗头预警", paragraphs, [table])


def _day_text(moment):
    return None if moment is None else moment.astimezone(clock.SHANGHAI).strftime("%Y-%m-%d")


def _names(conn, level):
    cells = cell_layers.level_cells(conn, level)
    return {row["code"]: row["name"] for row in cells.rows}
