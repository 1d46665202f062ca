"""Integration with other systems: the keys of the calling systems (the 12345 platform, 110, a provincial
platform), the tickets they submit through the intake API and Open311, and their status going back.

``keys`` (create, revoke, authenticate, webhooks; only a token's hash is stored), ``intake`` (a batch of
tickets through the one intake, within the key's channels and cells), ``status`` (the key's tickets
changed since a time; the Open311 views of requests and services) and ``webhooks`` (the outbox filled
from the case history and delivered, signed, with retries). Imports :mod:`grids.incidents`,
:mod:`grids.cases` and :mod:`grids.cells`; the web's views are :mod:`webmap.intake_api` and
:mod:`webmap.open311`.
"""
