"""OGC API - Features (``/ogcapi``): the cells per level and the masked incidents, for QGIS and other GIS
clients; ``docs/ogcapi.md`` is the contract, the decision (own blueprint, not pygeoapi) and its figures.

Parses and checks the parameters (an unknown one is a 400, as the standard requires), calls one function
of :mod:`grids.features.items`, and writes JSON with the standard's links (pygeoapi's three layers:
only this one knows Flask). Who reads: a signed-in account (session cookie: its ``g.scope``; free text of
incidents only for the roles that handle cases, :data:`webmap.api.CASE_ROLES`) or an API key with the
``features`` scope (``Authorization: Bearer`` or ``X-Api-Key``: its cells, never free text); else 401.
Only GET: nothing here changes anything, so CSRF does not apply.
"""
import datetime as dt
import json
import re

from flask import Blueprint, current_app, g, request, url_for

from grids import clock
from grids.features import catalogue, items, openapi
from grids.integration import keys
from webmap.api import CASE_ROLES
from webmap.db import read_connection
from webmap.errors import ApiError, bad_parameter
from webmap.intake_api import request_token
from webmap.params import whole_number

bp = Blueprint("ogcapi", __name__, url_prefix="/ogcapi")
LIMIT, LIMIT_MAX, OFFSET_MAX = 100, 10_000, 100_000_000
GEOJSON, JSON = "application/geo+json", "application/json"
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
)
COMMON = ("f", "limit", "offset", "bbox", "bbox-crs", "crs", "datetime")
FORMATS = {"json": JSON, "geojson": GEOJSON}
NUMBER = r"-?\d+(?:\.\d+)?"
CELL_ID = re.compile(r"^[0-9A-Za-z_-]{1,40}$")              # what cell.code may hold (migration 002)
DATE_TIME = re.compile(r"^\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)?)?$")


@bp.before_request
def reader():
    """``g.reader``: ``(scope, with_text)`` of the signed-in account or of a key with the features scope."""
    if g.account is not None:
        g.reader = (tuple(g.scope), g.account["role"] in CASE_ROLES)
        return
    token = request_token()
    if token is None:
        raise ApiError(401, "unauthorized", "sign in first (POST /login) or send an API key with the features "
                       "scope (Authorization: Bearer <token> or X-Api-Key)")
    try:
        key = keys.authenticate(read_connection(), token, scope="features")
    except keys.KeyRefused as refused:
        details = refused.as_dict()
        raise ApiError(403 if "scope" in details else 401, "key_refused", details.pop("message"),
                       **{k: v for k, v in details.items() if k != "code"}) from None
    g.reader = (tuple(key["cell_prefixes"]) or None, False)


@bp.route("", strict_slashes=False)        # /ogcapi and /ogcapi/: people type either into QGIS
def landing():
    _check_parameters(("f",))
    return _json({"title": "gridgov OGC API - Features",
                  "description": "Cells of every level in any published generation, and incidents without "
                                 "personal data, restricted to what the caller may see.",
                  "links": [_link("self", "ogcapi.landing", JSON, "this document"),
                            _link("service-desc", "ogcapi.api", openapi.OPENAPI_MIME, "the API definition"),
                            _link("conformance", "ogcapi.conformance", JSON, "conformance classes"),
                            _link("data", "ogcapi.collections", JSON, "the collections")]})


@bp.route("/api")
def api():
    _check_parameters(("f",))
    body = openapi.document(url_for("ogcapi.landing", _external=True))
    return current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype=openapi.OPENAPI_MIME)


@bp.route("/conformance")
def conformance():
    _check_parameters(("f",))
    return _json({"conformsTo": list(CONFORMANCE)})


@bp.route("/collections")
def collections():
    _check_parameters(("f", "generation"))
    generation = _generation()
    extent = items.extent(read_connection(), generation, g.reader[0])
    return _json({"links": [_link("self", "ogcapi.collections", JSON, "the collections")],
                  "collections": [_collection(name, generation, extent) for name in catalogue.COLLECTIONS],
                  "crs": list(catalogue.CRS_LIST)})


@bp.route("/collections/<collection>")
def collection(collection):
    _known(collection)
    _check_parameters(("f", "generation"))
    generation = _generation()
    return _json(_collection(collection, generation, items.extent(read_connection(), generation, g.reader[0])))


@bp.route("/collections/<collection>/items")
def features(collection):
    level = _known(collection)
    names = catalogue.filters_of(collection)
    _check_parameters(COMMON + names + (("generation",) if level else ()))
    mimetype, crs = _format(), _crs("crs")
    query = items.Query(scope=g.reader[0], bbox=_bbox(), filters=_filters(collection, names),
                        limit=_int("limit", LIMIT, 1, LIMIT_MAX), offset=_int("offset", 0, 0, OFFSET_MAX),
                        flip=crs in catalogue.LAT_LON, **_window(level is None))
    if level is None:
        page = items.incident_page(read_connection(), query, with_text=g.reader[1])
        returned, features = len(page.features), json.dumps(page.features, ensure_ascii=False)
    else:
        page = items.cell_page(read_connection(), level, _generation(), query)
        returned, features = max(0, min(query.limit, page.matched - query.offset)), page.features
    head = {"type": "FeatureCollection", "numberMatched": page.matched, "numberReturned": returned,
            "timeStamp": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "links": _page_links(collection, query, returned, page.matched, mimetype)}
    text = json.dumps(head, ensure_ascii=False)[:-1] + ',"features":' + features + "}"
    return _answer(text, mimetype, crs)


@bp.route("/collections/<collection>/items/<feature_id>")
def feature(collection, feature_id):
    level = _known(collection)
    _check_parameters(("f", "crs") + (("generation",) if level else ()))
    mimetype, crs = _format(), _crs("crs")
    query = items.Query(scope=g.reader[0], feature=_feature_id(level, feature_id), limit=1,
                        flip=crs in catalogue.LAT_LON)
    if level is None:
        found = items.incident_page(read_connection(), query, with_text=g.reader[1]).features
    else:
        found = json.loads(items.cell_page(read_connection(), level, _generation(), query).features)
    if not found:      # outside the caller's cells too: whether it exists elsewhere is not theirs to know
        raise ApiError(404, "not_found", f"no feature {feature_id} in {collection} that you may see",
                       feature=feature_id)
    found[0]["links"] = [_link("self", "ogcapi.feature", mimetype, "this feature", collection=collection,
                               feature_id=feature_id, **_kept("generation", "crs", "f")),
                         _link("collection", "ogcapi.collection", JSON, collection, collection=collection)]
    return _answer(json.dumps(found[0], ensure_ascii=False), mimetype, crs)


def _collection(name, generation, extent):
    level, title, description = catalogue.COLLECTIONS[name]
    kept = {"generation": generation} if level and "generation" in request.args else {}
    info = {"id": name, "title": title, "description": description, "itemType": "feature",
            "crs": list(catalogue.CRS_LIST), "storageCrs": catalogue.CGCS2000,
            "links": [_link("self", "ogcapi.collection", JSON, title, collection=name, **kept),
                      _link("items", "ogcapi.features", GEOJSON, f"{title} (GeoJSON)", collection=name, **kept),
                      _link("items", "ogcapi.features", JSON, f"{title} (JSON)", collection=name, f="json", **kept)]}
    if extent:
        info["extent"] = {"spatial": {"bbox": [extent], "crs": catalogue.CRS84}}
    if level:
        info["generation"] = generation
    return info


def _page_links(collection, query, returned, matched, mimetype):
    args = request.args.to_dict()
    other = "json" if mimetype == GEOJSON else "geojson"
    links = [_link("self", "ogcapi.features", mimetype, "this page", collection=collection, **args),
             _link("alternate", "ogcapi.features", FORMATS[other], "this page as " + other,
                   collection=collection, **{**args, "f": other}),
             _link("collection", "ogcapi.collection", JSON, collection, collection=collection)]
    if query.offset + returned < matched:
        links.append(_link("next", "ogcapi.features", mimetype, "next page", collection=collection,
                           **{**args, "offset": str(query.offset + query.limit)}))
    if query.offset > 0:
        links.append(_link("prev", "ogcapi.features", mimetype, "previous page", collection=collection,
                           **{**args, "offset": str(max(0, query.offset - query.limit))}))
    return links


def _link(rel, endpoint, mimetype, title, **args):
    return {"href": url_for(endpoint, _external=True, **args), "rel": rel, "type": mimetype, "title": title}


def _kept(*names):
    return {name: request.args[name] for name in names if name in request.args}


def _json(body):
    return current_app.response_class(json.dumps(body, ensure_ascii=False), mimetype=JSON)


def _answer(text, mimetype, crs):
    response = current_app.response_class(text, mimetype=mimetype)
    response.headers["Content-Crs"] = f"<{crs}>"
    return response


def _known(collection):
    if collection not in catalogue.COLLECTIONS:
        raise ApiError(404, "not_found", f"no collection {collection!r}; collections: "
                       f"{', '.join(catalogue.COLLECTIONS)}", collection=collection)
    return catalogue.level_of(collection)


def _check_parameters(allowed):
    unknown = sorted(set(request.args) - set(allowed))
    if unknown:
        raise bad_parameter(unknown[0], f"unknown parameter `{unknown[0]}`; this path takes {', '.join(allowed)}")
    repeated = [name for name in request.args if len(request.args.getlist(name)) > 1]
    if repeated:
        raise bad_parameter(repeated[0], f"`{repeated[0]}` is given more than once")


def _format():
    value = request.args.get("f", "geojson")
    if value not in FORMATS:
        raise bad_parameter("f", "`f` must be geojson (application/geo+json) or json (application/json)")
    return FORMATS[value]


def _crs(name):
    value = request.args.get(name, catalogue.CRS84)
    if value not in catalogue.CRS_LIST:
        raise bad_parameter(name, f"`{name}` must be one of {', '.join(catalogue.CRS_LIST)}")
    return value


def _generation():
    wanted = _int("generation", None, 1, 2**31 - 1)
    found = items.generation(read_connection(), wanted)
    if found is None:
        raise ApiError(404, "not_found", f"no published generation {wanted}" if wanted else
                       "no generation has been published yet", parameter="generation")
    return found


def _bbox():
    text = request.args.get("bbox")
    if text is None:
        return None
    parts = text.split(",")
    if len(parts) != 4 or not all(re.fullmatch(NUMBER, p.strip()) for p in parts):
        raise bad_parameter("bbox", "`bbox` must be 4 numbers: minlon,minlat,maxlon,maxlat in CRS84, or "
                            "minlat,minlon,maxlat,maxlon with bbox-crs EPSG:4490")
    box = [float(p) for p in parts]
    if _crs("bbox-crs") in catalogue.LAT_LON:
        box = [box[1], box[0], box[3], box[2]]
    if not (-180 <= box[0] <= box[2] <= 180 and -90 <= box[1] <= box[3] <= 90):
        raise bad_parameter("bbox", "`bbox`: longitudes within ±180, latitudes within ±90, lower corner first")
    return tuple(box)


def _filters(collection, names):
    found = {name: request.args[name] for name in names if request.args.get(name)}
    level = catalogue.level_of(collection)
    if "kind" in found and found["kind"] not in catalogue.kinds(level):
        raise bad_parameter("kind", f"`kind` of {collection} is one of {', '.join(catalogue.kinds(level)) or 'none'}")
    return found


def _window(applies):
    """``since``/``until`` of ``datetime`` (an instant, a date or an interval ``a/b``, ``..`` open); dates
    and times without an offset are Asia/Shanghai; a date covers its whole day. Cells have no time:
    ``datetime`` is checked and ignored there (generations are chosen with ``generation``)."""
    text = request.args.get("datetime")
    if text is None:
        return {}
    ends = text.split("/")
    if len(ends) > 2 or ends == ["..", ".."]:
        raise bad_parameter("datetime", "`datetime` is an instant or an interval start/end (`..`: open)")
    since = None if ends[0] in ("..", "") else _instant(ends[0])[0]
    until = None if ends[-1] in ("..", "") else _instant(ends[-1])[1]
    if since and until and since >= until:
        raise bad_parameter("datetime", "the interval of `datetime` must start before it ends")
    return {"since": since, "until": until} if applies else {}


def _instant(text):
    """``(start, end excluded)`` of a date (its day) or a date-time (that instant)."""
    if not DATE_TIME.match(text):
        raise bad_parameter("datetime", "`datetime` values are RFC 3339 dates or date-times")
    try:
        if len(text) == 10:
            start = dt.datetime.combine(dt.date.fromisoformat(text), dt.time(), clock.SHANGHAI)
            return start, start + dt.timedelta(days=1)
        start = clock.resolve(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
        return start, start + dt.timedelta(microseconds=1)
    except (ValueError, OverflowError):         # 2025-02-30; 9999-12-31 has no day after it
        raise bad_parameter("datetime", f"no such date or time {text!r}, or none after it") from None


def _feature_id(level, text):
    if level is None:
        return whole_number("featureId", text, 1, 2**63 - 1, "an incident's id is a whole number")
    if not CELL_ID.match(text):
        raise ApiError(404, "not_found", "a cell's id is its code (letters, digits, '_' and '-')", feature=text[:100])
    return text


def _int(name, default, low, high):
    text = request.args.get(name)
    return default if text is None else whole_number(name, text, low, high)
