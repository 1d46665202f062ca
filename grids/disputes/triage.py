"""One-stop triage (分流): the intake post sends a dispute to a post, an organisation and mediators.

Concept: a centre (矛调中心 of a street or the district, "一核八翼") has an intake post (诉求揽收) and
posts it sends disputes to — by default :data:`DEFAULT_POSTS`, a list each centre may configure
(:func:`set_posts`). :func:`triage` sends a dispute to one post of the centre of its street (else the
district; or the centre named), to a mediation organisation and/or one or more mediators (the first is
the lead); a later triage replaces the earlier one (改派), recorded. A dispute one post cannot settle goes
to a joint mediation (:func:`joint`, 会商研判、联合调处): two or more posts, the meeting's time and
attendees and the decision, recorded; the organisations' mediators named join the dispute.
"""
from gis.sqlfiles import load
from grids import limits
from grids.disputes import chain, organisations
from grids.errors import DisputeError

DEFAULT_POSTS = ("调解和事", "访谈接待", "心理疏导", "法律诊断", "治安调处", "行业专责", "志愿帮谈")


def posts(conn, centre_code):
    """The posts of centre ``centre_code`` (a street's or the district's code), configured or default."""
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "centre_posts"), {"centre": centre_code})
        configured = [row[0] for row in cur.fetchall()]
    return configured or list(DEFAULT_POSTS)


def set_posts(conn, centre_code, names):
    """Configure the posts of centre ``centre_code`` (in order); an empty list restores the default."""
    names = [chain.text(f"posts[{n}]", p, limits.CATEGORY, required=True) for n, p in enumerate(names or ())]
    if len(set(names)) < len(names):
        raise DisputeError("each post is named once", field="posts")
    with conn.cursor() as cur:
        cur.execute(load("grids.disputes", "centre_posts_clear"), {"centre": centre_code})
        for position, name in enumerate(names):
            cur.execute(load("grids.disputes", "centre_post_insert"),
                        {"centre": centre_code, "post": name, "position": position})
    return posts(conn, centre_code)


def triage(conn, dispute_id, *, post, org=None, mediators=(), centre=None, by, now=None, note=None):
    """Send the dispute to ``post`` of its centre and to ``org`` and/or ``mediators`` (codes or ids; the
    first mediator leads). Refused naming the field: an unknown post, organisation or mediator, neither an
    organisation nor a mediator. Returns the dispute's new version."""
    now = chain.when(now)
    person = chain.actor(conn, by, required=True)
    note = chain.text("note", note, limits.NOTE)
    found_org = organisations.find_org(conn, org) if org is not None else None
    found = _mediators(conn, mediators)
    if found_org is None and not found:
        raise DisputeError("a triage sends the dispute to a mediation organisation or to mediators",
                           field="org")
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "triage")
        centre = centre or dispute["street_code"] or dispute["district_code"]
        post = _post(conn, centre, post, "post")
        org_id = found_org["id"] if found_org else found[0]["org_id"]
        with conn.cursor() as cur:
            cur.execute(load("grids.disputes", "dispute_mediators_clear"), {"id": dispute_id})
        _add_mediators(conn, dispute_id, found, lead=True)
        target = "mediating" if dispute["stage"] == "mediating" else "triaged"
        return chain.step(conn, dispute, "triage", person, now, note=note,
                          changes={"stage": target, "centre_code": centre, "post": post, "org_id": org_id},
                          details={"centre": centre, "post": post, "org": org_id,
                                   "mediators": [m["id"] for m in found]})


def joint(conn, dispute_id, *, posts_joined, meeting_at, attendees, decision, mediators=(), by, now=None):
    """会商研判、联合调处: ``posts_joined`` (two or more posts of the centre) met at ``meeting_at`` with
    ``attendees`` (names) and decided ``decision``; ``mediators`` join the dispute. Returns the version."""
    now = chain.when(now)
    person = chain.actor(conn, by, required=True)
    meeting_at = chain.moment("meeting_at", meeting_at)
    decision = chain.text("decision", decision, limits.NOTE, required=True)
    names = _attendees(attendees)
    found = _mediators(conn, mediators)
    joined = list(dict.fromkeys(posts_joined or ()))
    if len(joined) < 2:
        raise DisputeError("a joint mediation gathers two or more posts", field="posts")
    with chain.atomic(conn):
        dispute = chain.locked(conn, dispute_id)
        chain.check_stage(dispute, "joint")
        centre = dispute["centre_code"] or dispute["street_code"] or dispute["district_code"]
        joined = [_post(conn, centre, p, f"posts[{n}]") for n, p in enumerate(joined)]
        _add_mediators(conn, dispute_id, found, lead=False)
        target = "triaged" if dispute["stage"] == "received" else dispute["stage"]
        return chain.step(conn, dispute, "joint", person, now, note=decision,
                          changes={"stage": target, "joint": True, "centre_code": centre,
                                   "joint_posts": sorted(set(dispute["joint_posts"]) | set(joined))},
                          details={"posts": joined, "meeting_at": meeting_at, "attendees": names,
                                   "mediators": [m["id"] for m in found], "decision": decision})


def attendees(value, field="attendees"):
    """A non-empty list of attendees' names (or ``{"name", "role"}`` dicts), refused naming ``field``."""
    return _attendees(value, field)


def _attendees(value, field="attendees"):
    items = [value] if isinstance(value, (str, dict)) else list(value or ())
    if not items or len(items) > limits.ATTENDEES:
        raise DisputeError(f"name who attended: 1 to {limits.ATTENDEES} people", field=field)
    names = []
    for n, item in enumerate(items):
        if isinstance(item, dict):
            names.append({"name": chain.text(f"{field}[{n}].name", item.get("name"), limits.NAME, required=True),
                          "role": chain.text(f"{field}[{n}].role", item.get("role"), limits.CATEGORY)})
        else:
            names.append({"name": chain.text(f"{field}[{n}]", item, limits.NAME, required=True), "role": None})
    return names


def _post(conn, centre, post, field):
    known = posts(conn, centre)
    if post not in known:
        raise DisputeError(f"{post!r} is no post of centre {centre}; its posts: {', '.join(known)}", field=field)
    return post


def _mediators(conn, refs):
    refs = [refs] if isinstance(refs, (str, int)) else list(refs or ())
    found = [organisations.find_mediator(conn, ref, field=f"mediators[{n}]") for n, ref in enumerate(refs)]
    inactive = [m["name"] for m in found if not m["active"]]
    if inactive:
        raise DisputeError(f"mediators no longer active: {', '.join(inactive)}", field="mediators")
    return list({m["id"]: m for m in found}.values())


def _add_mediators(conn, dispute_id, found, *, lead):
    with conn.cursor() as cur:
        for n, mediator in enumerate(found):
            cur.execute(load("grids.disputes", "dispute_mediator_add"),
                        {"id": dispute_id, "mediator": mediator["id"], "lead": lead and n == 0})
