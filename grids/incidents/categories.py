"""The category tree: 大类 (top) → 小类 (leaf), each with a code and a time limit in hours or in working
days (工作日, on the official calendar: ``grids.cases.workdays``), at most one of the two.

Incidents arrive with a channel's own category text; ``CategoryMatcher`` maps it to a code by the
category's code, name or one of its aliases (exact, after removing spaces). Text that matches nothing is
kept on the incident (``category_text``) with no code and reported by the import, never dropped.
"""
from dataclasses import dataclass

from gis.bulk import copy_rows
from gis.sqlfiles import load
from grids.errors import ImportRefused

COLUMNS = ("code", "name", "name_en", "parent_code", "time_limit_hours", "time_limit_workdays", "aliases")


def upsert_categories(conn, rows):
    """Insert or update categories (dicts with ``COLUMNS``); parents must come in the same set or exist."""
    problems = _tree_problems(conn, rows)
    if problems:
        raise ImportRefused("the category tree has problems; nothing was written", problems)
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "categories_stage_create"))
        copy_rows(cur, "category_stage", COLUMNS,
                  ((r["code"], r["name"], r.get("name_en"), r.get("parent_code"), r.get("time_limit_hours"),
                    r.get("time_limit_workdays"), _pg_array(r.get("aliases") or [])) for r in rows))
        cur.execute(load("grids.incidents", "categories_upsert"))
        changed = cur.rowcount
        cur.execute("DROP TABLE category_stage")
    return changed


def _pg_array(values):
    quoted = ('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "{" + ",".join(quoted) + "}"


def _tree_problems(conn, rows):
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "category_codes"))
        known = {row[0] for row in cur.fetchall()} | {r["code"] for r in rows}
    problems = [f"row {i + 2}: parent_code: {r['parent_code']} is not a category"
                for i, r in enumerate(rows) if r.get("parent_code") and r["parent_code"] not in known]
    problems += [f"row {i + 2}: time_limit_workdays: a limit in hours or in working days, not both"
                 for i, r in enumerate(rows) if r.get("time_limit_hours") and r.get("time_limit_workdays")]
    seen = set()
    for i, r in enumerate(rows):
        if r["code"] in seen:
            problems.append(f"row {i + 2}: code: {r['code']} appears twice")
        seen.add(r["code"])
    return problems


@dataclass
class CategoryMatcher:
    """Category text → code, by code, name or alias."""

    codes: dict

    @classmethod
    def load(cls, conn):
        with conn.cursor() as cur:
            cur.execute(load("grids.incidents", "category_names"))
            rows = cur.fetchall()
        codes = {}
        for code, name, aliases in rows:   # leaves come last, so a leaf wins over its parent on a clash
            for text in (code, name, *aliases):
                codes[_key(text)] = code
        return cls(codes)

    def code_for(self, text):
        return None if text is None else self.codes.get(_key(text))

    def codes_for(self, texts):
        """Codes of many texts (a list; None where unknown), matched once per distinct text."""
        texts = list(texts)
        codes = {text: self.code_for(text) for text in set(texts)}
        return [codes.get(text) for text in texts]


def _key(text):
    return "".join(str(text).split())


def category_count(conn):
    with conn.cursor() as cur:
        cur.execute(load("grids.incidents", "category_count"))
        return cur.fetchone()[0]
