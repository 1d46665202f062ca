"""``gridgov serve``: the web app under waitress (a production WSGI server, ``threads`` workers), on
gridgov's database; with ``--certificate`` and ``--key`` over HTTPS itself, under cheroot (CherryPy's WSGI
server, which speaks TLS; waitress does not). Behind a reverse proxy that ends TLS (docs/deploy.md) plain
waitress is the choice. The socket is bound before the address is printed, so the address printed works;
the map's heavy first answers are then computed and kept warm in the background (:mod:`grids.mapview.warm_start`)."""
import secrets

import click

STALE_SECONDS = 120    # the map's heavy answers may be this old while recomputed (grids/mapview/cache.py)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--threads", default=8, show_default=True, type=int, help="waitress worker threads.")
@click.option("--demo", is_flag=True,
              help="Demo mode: a generated session secret when GRIDGOV_SECRET_KEY is unset, and the demo's clock.")
@click.option("--certificate", type=click.Path(exists=True, dir_okay=False),
              help="Serve HTTPS with this PEM certificate (chain); needs --key.")
@click.option("--key", type=click.Path(exists=True, dir_okay=False), help="The certificate's PEM private key.")
def serve(host, port, threads, demo, certificate, key):
    """Serve the command-centre map and the JSON API."""
    from gis import db
    from gis.settings import settings
    from grids.mapview import cache, warm_start
    from webmap import access_log, create_app

    # a connection for each waitress thread, each map refresher and the warmer: nobody waits on another
    db.size_pool(threads + cache.REFRESH_WORKERS + warm_start.CONNECTIONS)
    config = {"MAP_STALE_SECONDS": STALE_SECONDS}
    if demo:
        config.update(_demo_config())
    elif not settings().secret_key:
        raise click.UsageError("set GRIDGOV_SECRET_KEY (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`) "
                               "or run `gridgov serve --demo`")
    if bool(certificate) != bool(key):
        raise click.UsageError("HTTPS needs both --certificate and --key")
    if certificate:
        config["SESSION_COOKIE_SECURE"] = True     # the cookie travels over HTTPS only
    app = create_app(config)
    access_log.configure(settings().access_log, settings().error_log)
    db.pool()                                  # start and migrate the database before listening
    try:
        server = tls_server(app, host, port, threads, certificate, key) if certificate else \
            _plain_server(app, host, port, threads)
    except OSError as error:
        raise click.ClickException(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    warm_start.start(app.config["NOW"])           # listening: the map's first answers are computed meanwhile
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    scheme = "https" if certificate else "http"
    click.echo(f"gridgov web map on {scheme}://{shown}:{port}/  (sign in at {scheme}://{shown}:{port}/login; "
               "Ctrl-C stops)")
    server.serve() if certificate else server.run()


def tls_server(app, host, port, threads, certificate, key):
    """A cheroot server of ``app`` over TLS, bound (``serve()`` runs it); an unreadable certificate or key
    is an OSError naming the problem."""
    import ssl

    from cheroot import wsgi
    from cheroot.ssl.builtin import BuiltinSSLAdapter

    server = wsgi.Server((host, port), app, numthreads=threads, server_name="gridgov")
    try:
        server.ssl_adapter = BuiltinSSLAdapter(certificate, key)
    except ssl.SSLError as error:
        raise OSError(f"the certificate or key cannot be used: {error.reason or error}") from None
    server.prepare()
    return server


def _plain_server(app, host, port, threads):
    import waitress

    return waitress.create_server(app, host=host, port=port, threads=threads, ident="gridgov")


def _demo_config():
    from etl.demo.accounts import DEMO_PASSWORD_SUFFIX, DEMO_USERS, demo_now
    from gis import db
    from gis.settings import settings

    config = {}
    if not settings().secret_key:
        config["SECRET_KEY"] = secrets.token_urlsafe(32)
        click.echo("demo: a session secret was generated for this run (sign-ins end when it stops); "
                   "set GRIDGOV_SECRET_KEY to keep one")
    with db.connect() as conn:
        config["NOW"] = demo_now(conn)
    if config["NOW"]:
        click.echo(f"demo: timers and time windows are as of the demo's clock, {config['NOW']:%Y-%m-%d %H:%M}")
    click.echo("demo accounts: " + ", ".join(f"{u} / {u}{DEMO_PASSWORD_SUFFIX}" for u in DEMO_USERS))
    return config
