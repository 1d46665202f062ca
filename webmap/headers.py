"""The security headers of every answer (pages, API, static files, errors) and the pages' script nonce.

Concept: the **Content-Security-Policy** lets a page run only scripts and styles from this site, plus the
inline ones the server itself wrote that answer, marked with a fresh random **nonce** (folium's map
setup script and its few ``<style>`` rules, which are generated per map and cannot be static files).
Text from the store or a request is never inside a nonced element, so an injected ``<script>`` or
``onerror=`` does not run even if escaping failed somewhere. Images may also be ``data:`` and ``blob:``
(Leaflet's icons, canvas exports) and come from the basemap's tile server when it is another host;
``fetch`` reaches only this site. Framing is refused (``frame-ancestors 'none'`` and
``X-Frame-Options: DENY`` for older browsers), MIME sniffing is off and no referrer leaves the site.
"""
import re
import secrets
from urllib.parse import urlsplit

from flask import current_app, g
from markupsafe import Markup

from webmap import maps

_INLINE_OPENING = re.compile(r"<(script|style)(?=[\s>])")
FIXED_HEADERS = {"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"}


def init_app(app):
    """Add the headers to every answer; give templates ``csp_nonce()`` and the ``nonced`` filter."""
    app.after_request(add_security_headers)
    app.jinja_env.globals["csp_nonce"] = csp_nonce
    app.jinja_env.filters["nonced"] = nonced


def csp_nonce():
    """This answer's nonce (made on first use: answers without inline code allow none)."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


def nonced(markup):
    """Server-written markup (folium's header) with this answer's nonce on each ``<script>`` and ``<style>``."""
    return Markup(_INLINE_OPENING.sub(lambda m: f'{m.group(0)} nonce="{csp_nonce()}"', str(markup)))


def add_security_headers(response):
    response.headers["Content-Security-Policy"] = content_security_policy(g.get("csp_nonce"), _tile_source())
    response.headers.update(FIXED_HEADERS)
    return response


def content_security_policy(nonce=None, tile_source=None):
    """The policy; ``nonce`` allows this answer's inline code, ``tile_source`` the basemap's host.

    >>> content_security_policy("N0nce").split("; ")[1:3]
    ["script-src 'self' 'nonce-N0nce'", "style-src 'self' 'nonce-N0nce'"]
    """
    inline = f" 'nonce-{nonce}'" if nonce else ""
    images = "'self' data: blob:" + (f" {tile_source}" if tile_source else "")
    return "; ".join([
        "default-src 'self'", f"script-src 'self'{inline}", f"style-src 'self'{inline}", f"img-src {images}",
        "connect-src 'self'", "font-src 'self' data:", "object-src 'none'", "base-uri 'none'",
        "form-action 'self'", "frame-ancestors 'none'",
    ])


def tile_source(url_template):
    """The CSP source of a basemap URL template: its origin, a leading ``{s}`` subdomain as ``*``; a
    template with a placeholder elsewhere in the host allows its scheme.

    >>> tile_source("https://{s}.tiles.example:8443/amap/{z}/{x}/{y}.png")
    'https://*.tiles.example:8443'
    >>> tile_source("http://gis.local/{z}/{x}/{y}.png"), tile_source("http://t{s}.gis.local/{z}/{x}/{y}")
    ('http://gis.local', 'http:')
    """
    parts = urlsplit(url_template)
    host = re.sub(r"^\{s\}\.", "*.", parts.netloc)
    return f"{parts.scheme}:" if "{" in host else f"{parts.scheme}://{host}"


def _tile_source():
    try:
        basemap = maps.basemap_from(current_app.config)
    except ValueError:          # a wrong GRIDGOV_BASEMAP is the map page's error to answer, not every answer's
        return None
    source = basemap.content_source
    return tile_source(source) if basemap.kind == "url" else source
