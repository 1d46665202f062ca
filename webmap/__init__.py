"""The web app: the command centre's map, the JSON API the pages use, sign-in with roles.

``create_app`` is the application factory (Flask tutorial style). Blueprints, one per audience:
:mod:`webmap.auth` (sign-in, roles, each role's subtree of cells), :mod:`webmap.api` (``/api/v1/…``,
JSON only) and :mod:`webmap.command` (the command-centre page). ``gridgov serve`` runs it under
waitress, a production WSGI server.
"""
from pathlib import Path

from flask import Flask

STATIC = Path(__file__).resolve().parent.parent / "static"   # vendored Leaflet & co.: nothing from a CDN


def create_app(config=None):
    """The app; ``config`` (a dict) overrides the settings read from the environment."""
    app = Flask(__name__, static_folder=str(STATIC), static_url_path="/static")
    app.config.from_mapping(config or {})

    from webmap import api, auth, command

    app.register_blueprint(auth.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(command.bp)
    return app
