"""Placing an address text in the standard address register (标准地址库): which stairwell, building,
compound, road or community it names, how sure we are, and why not when we are not.

The register is read as a set of *sites*: a site is a door plate (road + door number) with the place
behind it, a compound (小区) or one village house. Every building and stairwell of the register belongs to
exactly one site, and within a site its building number (楼号) and unit (单元) pick it out. A compound has
one site; a village (竹窝村) has a site per house, each with its own door number and no 楼号.

Matching a text (already normalised, :mod:`grids.incidents.address_normalize`); a text that starts with
another place's administrative name (济南市…, 北京朝阳区…, I市…) is not matched at all ('address in another
place'), however much of the rest resembles a local name:

1. parse: its numbered parts (door 号, building 号楼, unit 单元; rooms and floors are ignored: the register
   stops at the stairwell) and the register's compound, road and community names it contains, found
   exactly; what is left over and looks like a road (ends in 路 街 道 巷) or a compound is a misspelt name;
2. candidate names: the exact names, else the misspelt part against the register's compound or road
   names with rapidfuzz (a few hundred names, never the thousands of full addresses); a left-over that
   resembles no name at all (东门, 对面) is not a part of the address and does not count;
3. candidate sites: the plates (road + door) and compounds named; each site scores the mean similarity of
   its compound and road to the text's parts (100 each when exact), less a penalty when its door number
   or the building asked for disagrees; the building and unit then pick a stairwell or building in it,
   or the site's compound as a whole;
4. places: a name of the gazetteer (:mod:`grids.addresses.gazetteer`: 中韩农贸市场, a school, a park)
   is a target of its own, the cell the name means, at ``PLACE_SCORE``; a compound's other name (别名)
   counts as the compound's name in steps 1-3;
5. coarser: a compound of many sites (a village) named without a door, a road without a known plate, or
   a community named alone;
6. decide: the best target wins if it scores at least ``ACCEPT`` and no target pointing elsewhere is
   within ``TIE`` points of it ('ambiguous address' otherwise, with the candidates). Confidence is the
   score / 100; only a text that agrees with the register in every part it names scores 1.0
   ('address_exact').
"""
import functools
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Sequence

import pandas as pd
from rapidfuzz import fuzz, process

from grids.incidents.address_normalize import PART, AdminPrefixes, fold, normalize_address, register_part

FUZZY_CUTOFF = 50      # a register name scoring below this (rapidfuzz ratio, 0-100) is no candidate at all
ACCEPT = 60            # a target scoring below this is not placed
CONFIDENT = 80         # a placement scoring below this lists its candidates
TIE = 3                # two targets this close, pointing at different cells, are ambiguous
DOOR_MISMATCH = 10     # the text's door number is not the site's
MISSING_BUILDING = 10  # the text's building number is not in the site
MAX_CANDIDATES = 5
ROAD_ENDINGS = ("路", "街", "道", "巷")
KINDS = ("compound", "road", "community", "place")  # the kinds of names a text is searched for
DEPTH = {"stairwell": 4, "building": 3, "compound": 2, "place": 2, "road": 1, "community": 0}
PLACE_SCORE = 100.0    # a place named exactly is as sure as a compound named exactly
CACHE_SIZE = 1 << 16


@dataclass(frozen=True)
class AddressMatch:
    """Where an address text was placed, or why it was not.

    Attributes
    ----------
    level : str or None
        'stairwell', 'building', 'compound', 'place', 'road', 'community', or None when unmatched.
    cell_codes : tuple of str
        The stairwell or building code; the building codes of a compound or road; the cell a place
        means; the community code.
    method : str or None
        'address_exact', 'address_fuzzy', or None when unmatched.
    confidence : float
        0 to 1; 1.0 only for an exact match.
    reason : str or None
        'empty address', 'address in another place', 'no address match' or 'ambiguous address' when
        unmatched.
    candidates : tuple of (str, float)
        Up to five (standard address, confidence) pairs when ambiguous, unmatched or not confident.
    normalized : str
        The normalised text that was matched.
    """

    level: str | None
    cell_codes: tuple
    method: str | None
    confidence: float
    reason: str | None
    candidates: tuple
    normalized: str


@dataclass
class _Site:
    """A door plate and the place behind it; ``cells`` maps (building, unit) to (level, code, address)."""

    road: str | None
    door: str | None
    compound: str | None
    label: str
    cells: dict = field(default_factory=dict)
    buildings: list = field(default_factory=list)


@dataclass(frozen=True)
class _Parsed:
    """The parts of a normalised text: exact names found, misspelt left-overs, numbered parts."""

    compounds: tuple
    roads: tuple
    communities: tuple
    places: tuple
    compound_typo: str | None
    road_typo: str | None
    door: str | None
    building: str | None
    unit: str | None


@dataclass(frozen=True)
class _Target:
    """One place a text may mean, with its score (0-100)."""

    score: float
    level: str
    codes: tuple
    label: str


class AddressRegister:
    """The standard address register, indexed for matching address texts (see the module comment)."""

    def __init__(self, sites, communities, prefixes, places=None, aliases=None):
        self._communities = communities
        self._places = places or {}     # folded place name → the cell it means
        self._aliases = aliases or {}   # folded other name → the compound's folded name
        self._by_plate, self._by_compound_door = defaultdict(list), defaultdict(list)
        self._by_compound, self._by_road = defaultdict(list), defaultdict(list)
        for site in sites:
            self._by_plate[site.road, site.door].append(site)
            self._by_compound_door[site.compound, site.door].append(site)
            self._by_compound[site.compound].append(site)
            self._by_road[site.road].append(site)
        self._compound_names = sorted(n for n in self._by_compound if n)
        self._road_names = sorted(n for n in self._by_road if n)
        self._kinds = defaultdict(set)
        for kind, names in zip(KINDS, (self._compound_names, self._road_names, communities, self._places)):
            for name in names:
                self._kinds[name].add(kind)
        for alias in self._aliases:
            self._kinds[alias].add("compound")
        self._names = re.compile("|".join(map(re.escape, sorted(self._kinds, key=len, reverse=True))) or "(?!)")
        self._prefixes = prefixes
        self._normalize = functools.lru_cache(CACHE_SIZE)(functools.partial(normalize_address, prefixes=prefixes))
        self._match_normalized = functools.lru_cache(CACHE_SIZE)(self._decide)

    @classmethod
    def build(cls, addresses: pd.DataFrame, places: pd.DataFrame, gazetteer: dict | None = None,
              aliases: dict | None = None) -> "AddressRegister":
        """The register of ``addresses`` (one row per building and stairwell), ``places`` and the
        gazetteer.

        Parameters
        ----------
        addresses : pandas.DataFrame
            ``cell_code``, ``kind`` ('building' or 'stairwell'), ``parent_code`` (a stairwell's
            building), ``compound``, ``road``, ``door_number``, ``building_number``, ``unit`` (None
            where a cell lacks the part) and ``full_address``.
        places : pandas.DataFrame
            ``level``, ``code``, ``name``: the province, city, district and street names are dropped
            from the start of a text; communities are matched as places of their own.
        gazetteer : dict, optional
            Place name → the code of the cell it means.
        aliases : dict, optional
            A compound's other name → the compound's name in the register.
        """
        sites = {}
        columns = ["cell_code", "kind", "parent_code", "compound", "road", "door_number", "building_number",
                   "unit", "full_address"]
        for code, kind, parent, compound, road, door, building, unit, address in addresses[columns].itertuples(
                index=False):
            key = (_name(road), register_part(door), _name(compound))
            if key not in sites:
                sites[key] = _Site(*key, label=_site_label(address, compound))
            site = sites[key]
            site.cells[register_part(building), register_part(unit)] = (kind, code, address)
            site.buildings.append(code if kind == "building" else parent)
        for site in sites.values():
            site.buildings = tuple(dict.fromkeys(site.buildings))
        communities = places[places["level"] == "community"]
        return cls(list(sites.values()), dict(zip(map(fold, communities["name"]), communities["code"])),
                   AdminPrefixes.from_places(places),
                   {fold(name): code for name, code in (gazetteer or {}).items() if fold(name)},
                   {fold(alias): fold(name) for alias, name in (aliases or {}).items() if fold(alias) and fold(name)})

    def match(self, texts: Sequence[str]) -> list[AddressMatch]:
        """:meth:`match_one` of each text, in order."""
        return [self.match_one(text) for text in texts]

    def match_one(self, text: str) -> AddressMatch:
        """Place one address text; see :class:`AddressMatch` for the answer."""
        return self._match_normalized(self._normalize(text))

    def _decide(self, normalized):
        """The answer for a normalised text (cached by ``__init__``)."""
        if not normalized:
            return _unmatched(normalized, "empty address", [])
        if self._prefixes.foreign(normalized):
            return _unmatched(normalized, "address in another place", [])
        targets = _ranked(self._targets(self._parse(normalized)))
        if not targets or targets[0].score < ACCEPT:
            return _unmatched(normalized, "no address match", targets)
        best = targets[0]
        if len(targets) > 1 and targets[1].score >= best.score - TIE:
            return _unmatched(normalized, "ambiguous address", targets)
        exact = best.score >= 100
        return AddressMatch(best.level, best.codes, "address_exact" if exact else "address_fuzzy",
                            round(min(best.score, 100) / 100, 3), None,
                            _candidates(targets) if best.score < CONFIDENT else (), normalized)

    def _parse(self, text):
        """Numbered parts, exact names and misspelt left-overs of a normalised text."""
        numbered, pieces, start = {}, [], 0
        for part in PART.finditer(text):
            pieces.append(text[start:part.start()])
            start = part.end()
            if part.lastgroup:
                numbered.setdefault(part.lastgroup, part.group())
        pieces.append(text[start:])
        found, left_over = [], []
        for piece in pieces:
            found += self._names.findall(piece)
            left_over += [rest for rest in self._names.split(piece) if len(rest) >= 2]
        road_like = [rest for rest in left_over if rest.endswith(ROAD_ENDINGS)]
        other = [rest for rest in left_over if not rest.endswith(ROAD_ENDINGS)]
        compounds, roads, communities, places = ([n for n in found if kind in self._kinds[n]] for kind in KINDS)
        compounds = dict.fromkeys(self._aliases.get(n, n) for n in compounds)
        return _Parsed(tuple(compounds), tuple(roads), tuple(communities), tuple(places),
                       max(other, key=len, default=None), max(road_like, key=len, default=None),
                       numbered.get("door"), numbered.get("building"), numbered.get("unit"))

    def _targets(self, parsed):
        """Every place the parsed text may mean."""
        compounds = _names_like(parsed.compounds, parsed.compound_typo, self._compound_names)
        roads = _names_like(parsed.roads, parsed.road_typo, self._road_names)
        if parsed.communities and not (roads or parsed.door or parsed.building or parsed.unit):
            compounds = {n: s for n, s in compounds.items() if n not in self._communities}  # 竹窝村 alone
        sites, whole = self._sites_named(parsed, compounds, roads)
        targets = [_resolve(site, parsed, _site_score(site, parsed, compounds, roads)) for site in sites]
        targets += [self._whole_compound(name, parsed, compounds) for name in whole]
        targets += [_Target(PLACE_SCORE, "place", (self._places[name],), name) for name in parsed.places]
        if not targets and not compounds:
            targets = [self._road(name, parsed, roads) for name in roads]
        if not targets:
            targets = [_Target(100.0, "community", (self._communities[name],), name) for name in parsed.communities]
        return targets

    def _sites_named(self, parsed, compounds, roads):
        """Sites at the plates and compounds named, and the compounds none of whose sites was named."""
        door = parsed.door
        named = [site for road in roads for site in self._by_plate.get((road, door), ())] if door else []
        whole = []
        for name in compounds:
            chosen = self._compound_sites(name, door, parsed.building)
            named += chosen
            if not chosen:
                whole.append(name)
        return list({id(site): site for site in named}.values()), whole

    def _compound_sites(self, name, door, building):
        """The sites of a compound that the text names: its only site; else (a village, or one name at
        several gates) the site at the text's door number, else those holding its building number."""
        own = self._by_compound[name]
        at_door = self._by_compound_door.get((name, door)) if door else None
        if at_door or len(own) == 1:
            return at_door or own
        return [site for site in own if building and (building, None) in site.cells]

    def _whole_compound(self, name, parsed, compounds):
        """A compound of many sites as a whole: all its buildings (a door or building asked was not found)."""
        score = compounds[name] - (DOOR_MISMATCH if parsed.door else 0) - (MISSING_BUILDING if parsed.building else 0)
        codes = tuple(code for site in self._by_compound[name] for code in site.buildings)
        return _Target(score, "compound", codes, name)

    def _road(self, name, parsed, roads):
        """A road as a whole: all the buildings on it."""
        score = roads[name] - (DOOR_MISMATCH if parsed.door else 0) - (MISSING_BUILDING if parsed.building else 0)
        codes = tuple(code for site in self._by_road[name] for code in site.buildings)
        return _Target(score, "road", codes, name)


def _name(value):
    """A register name in folded form, or None."""
    return (fold(value) or None) if isinstance(value, str) else None


def _site_label(address, compound):
    """A site's standard address: a cell's full address cut after the compound name."""
    cut = address.find(compound) if isinstance(compound, str) else -1
    return address[:cut + len(compound)] if cut >= 0 else address


def _names_like(exact, typo, vocabulary):
    """Candidate register names with scores: the exact names found, else those like the misspelt part."""
    if exact:
        return dict.fromkeys(exact, 100.0)
    if not typo:
        return {}
    found = process.extract(typo, vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=MAX_CANDIDATES)
    return {name: score for name, score, _ in found}


def _site_score(site, parsed, compounds, roads):
    """Mean similarity of the site's compound and road to the text's, less the door penalty."""
    parts = []
    if compounds:
        parts.append(_similarity(site.compound, parsed.compounds or (parsed.compound_typo,)))
    if roads:
        parts.append(_similarity(site.road, parsed.roads or (parsed.road_typo,)))
    door_differs = parsed.door is not None and parsed.door != site.door
    return sum(parts) / len(parts) - (DOOR_MISMATCH if door_differs else 0)


def _similarity(name, texts):
    return max(fuzz.ratio(name, text) for text in texts) if name else 0.0


def _resolve(site, parsed, score):
    """The stairwell, building or compound of a site that the building and unit of the text pick.

    A village house has no building number, so its cells sit under building None.
    """
    building, unit = parsed.building, parsed.unit
    key = (building, unit) if unit and (building, unit) in site.cells else (building, None)
    if key in site.cells:
        kind, code, address = site.cells[key]
        return _Target(score, kind, (code,), address)
    return _Target(score - (MISSING_BUILDING if building else 0), "compound", site.buildings, site.label)


def _ranked(targets):
    """Targets best first (score, then finer level), one per set of cells (its best score)."""
    best = {}
    for target in targets:
        if target.codes not in best or target.score > best[target.codes].score:
            best[target.codes] = target
    return sorted(best.values(), key=lambda t: (-t.score, -DEPTH[t.level]))


def _candidates(targets):
    return tuple((t.label, round(max(t.score, 0) / 100, 3)) for t in targets[:MAX_CANDIDATES])


def _unmatched(normalized, reason, targets):
    return AddressMatch(None, (), None, 0.0, reason, _candidates(targets), normalized)
