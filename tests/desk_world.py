"""The case-loop world of ``tests.cases`` with what the workbench adds: a second department K2 (no
categories of its own), and the accounts of each staff role as the workbench sees them (role, person,
scope)."""
from grids.people.roster import add_person
from tests.cases import COMMUNITY, DISTRICT, STREET, load_world


def load_desk_world(conn):
    """The people's ids by code (M1–M3, C1, S1, D1, K1, K2)."""
    people = load_world(conn)
    people["K2"] = add_person(conn, "市场监管", "department", code="K2", phone="13712345679")
    return people


def desk_accounts(people):
    """``{name: (account, scope)}`` for command, street, community, department (K1, K2) and admin staff."""
    def account(role, code):
        return {"username": role, "role": role, "person_id": people.get(code)}
    return {
        "command": (account("command_staff", "D1"), (DISTRICT,)),
        "street": (account("street_staff", "S1"), (STREET,)),
        "community": (account("community_staff", "C1"), (COMMUNITY,)),
        "department": ({"username": "k1", "role": "department", "person_id": people["K1"]}, ()),
        "department2": ({"username": "k2", "role": "department", "person_id": people["K2"]}, ()),
        "admin": ({"username": "admin", "role": "admin", "person_id": None}, (DISTRICT,)),
    }
