"""``gridgov incidents import``: an incident file into the store, each incident placed in its cells.

The file is read in chunks (:mod:`etl.incidents.reader`); each chunk's categories are mapped to the
category tree, its incidents located (:mod:`grids.incidents.locate`) in the current generation by the
intake every channel shares (:mod:`grids.incidents.intake.placing`, also the intake API's) and upserted
(:mod:`grids.incidents.store`). Bad rows are reported with their row number, field and reason; the good
rows go in, or with ``strict`` nothing does. The whole import is one transaction.
"""
import json
import re
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from etl.category_file import read_category_file
from etl.incidents.reader import read_incidents
from gis.sqlfiles import load
from grids.errors import ImportRefused
from grids.incidents import crs_signature
from grids.incidents.categories import category_count, upsert_categories
from grids.incidents.intake import placing
from grids.incidents.placement import DEFAULT_MAX_DISTANCE_M
from grids.incidents.store import CHANNELS, held_channels, upsert_incidents

REPORTED_REFS = 50  # how many updated ticket numbers a report lists
COORDINATE_LIKE = re.compile(r"lat|lon|lng|经度|纬度|坐标|(^|_)[xy]($|_)", re.IGNORECASE)
LATITUDE_LIKE = re.compile(r"lat|纬度|(^|_)y($|_)", re.IGNORECASE)


class Intake(placing.Intake):
    """:class:`grids.incidents.intake.placing.Intake`, after loading the default category tree (etl's file)
    when the store has none."""

    def __init__(self, conn, max_distance_m=DEFAULT_MAX_DISTANCE_M):
        ensure_categories(conn)
        super().__init__(conn, max_distance_m)


def ensure_categories(conn):
    """Load the default category tree when the store has none."""
    if category_count(conn) == 0:
        upsert_categories(conn, read_category_file())


def import_incident_file(conn, path, *, channel=None, crs=None, mapping=None, strict=False, progress=None,
                         chunk_size=100_000, intake=None):
    """Import ``path``; return the report as a dict (raises ImportRefused in strict mode on errors).

    Reading and placing a chunk (this thread) overlaps with writing the previous one (a writer thread:
    the database works on the other core meanwhile). The indexes are kept up row by row, even for a
    first load of history, where dropping and building them again at the end would be faster: dropping
    an index locks the table, and the web could not read incidents until the import committed.
    """
    progress = progress or (lambda message: None)
    started = time.perf_counter()
    placing.take_intake_lock(conn)
    intake = intake or Intake(conn)
    report = _Report(str(path))
    chunks = read_incidents(path, channel=channel, crs=crs, mapping=mapping, chunk_size=chunk_size)
    unheld = set(CHANNELS) - held_channels(conn)   # the reader drops a file's repeated ticket numbers
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="incident-writer") as writer:
        writing = None
        for chunk in chunks:
            report.add_problems(chunk.problems)
            report.coordinates.add(chunk.records)
            report.info = chunk.info
            frame = intake.incident_frame(chunk.records)
            if writing:
                report.add_frame(*writing.result())
                progress(f"{report.rows:,} incidents, {report.rows / (time.perf_counter() - started):,.0f}/s")
            writing = writer.submit(lambda f=frame: (f, upsert_incidents(conn, f, unheld)))
        report.add_frame(*writing.result())
    report.add_file_warnings(file_warnings(report.info, report.coordinates, intake.index))
    result = report.as_dict(time.perf_counter() - started, intake.index.generation)
    if strict and result["problems"]:        # strict: every warning is an error too
        raise ImportRefused(f"{result['errors']} error(s) and {result['warnings']} warning(s) in strict mode; "
                            "nothing was written", [p["text"] for p in result["problems"]], file=str(path))
    _record(conn, result, channel)
    return result


def file_warnings(info, coordinates, index):
    """What is wrong with the file as a whole: coordinate-like columns left unread, coordinates that look
    like another system than the one declared (:mod:`grids.incidents.crs_signature`)."""
    found = []
    if not {"x", "y"} <= set(info.get("columns", {})):
        for header in info.get("attributes", ()):
            if COORDINATE_LIKE.search(str(header)):
                axis = "y" if LATITUDE_LIKE.search(str(header)) else "x"
                found.append((header, f"looks like a coordinate but is not read as one; if it is the {axis}, "
                                      f"map it: [columns] {axis} = \"{header}\" in a mapping file (--mapping)"))
    for label, (x, y) in coordinates.by_system().items():
        suspicion = crs_signature.suspect_system(index, x, y, label)
        if suspicion:
            found.append(("coordinates", suspicion.text()))
    return found


class _CoordinateSample:
    """Up to :data:`crs_signature.SAMPLE` coordinates per declared system, as the file gives them."""

    def __init__(self):
        self.points = {}

    def add(self, records):
        given = records[records["x"].notna() & records["y"].notna() & records["crs"].notna()]
        for label, rows in given.groupby("crs"):
            x, y = self.points.setdefault(label, ([], []))
            room = crs_signature.SAMPLE - len(x)
            if room > 0:
                x += rows["x"].iloc[:room].astype(float).tolist()
                y += rows["y"].iloc[:room].astype(float).tolist()

    def by_system(self):
        return self.points


class _Report:
    def __init__(self, source):
        self.source, self.rows, self.info = source, 0, {}
        self.coordinates = _CoordinateSample()
        self.counts = Counter()
        self.updated_refs, self.problems = [], []
        self.methods, self.reasons, self.unknown_categories = Counter(), Counter(), Counter()

    def add_problems(self, problems):
        for p in problems:
            self.problems.append({"row": p.row, "field": p.field, "reason": p.reason, "severity": p.severity,
                                  "source_ref": p.source_ref,
                                  "text": f"row {p.row}: {p.field}: {p.reason}"})

    def add_file_warnings(self, warnings):
        for field, reason in warnings:
            self.problems.append({"row": None, "field": field, "reason": reason, "severity": "warning",
                                  "source_ref": None, "text": f"file: {field}: {reason}"})

    def add_frame(self, frame, written):
        self.rows += len(frame)
        self.counts.update({k: written[k] for k in ("added", "updated", "unchanged")})
        self.updated_refs += written["updated_refs"][:REPORTED_REFS - len(self.updated_refs)]
        self.methods.update(frame["placement_method"].fillna("unplaced").value_counts().to_dict())
        self.reasons.update(frame.loc[frame["placement_method"].isna(), "unplaced_reason"].value_counts().to_dict())
        unknown = frame["category_code"].isna() & frame["category_text"].notna()
        self.unknown_categories.update(frame.loc[unknown, "category_text"].value_counts().to_dict())

    def as_dict(self, seconds, generation):
        errors = sum(p["severity"] == "error" for p in self.problems)
        return {"file": self.source, **self.info, "generation": generation, "incidents": self.rows,
                **dict(self.counts), "updated_refs": self.updated_refs, "placed_by": dict(self.methods),
                "unplaced_reasons": dict(self.reasons), "unknown_categories": dict(self.unknown_categories),
                "errors": errors, "warnings": len(self.problems) - errors, "problems": self.problems,
                "seconds": round(seconds, 2), "per_second": round(self.rows / seconds) if seconds else None}


def _record(conn, result, channel):
    with conn.cursor() as cur:
        cur.execute(load("etl.incidents", "incident_import_log"),
                    {"source": result["file"], "channel": channel,
                     "summary": json.dumps(result, ensure_ascii=False, default=str)})
