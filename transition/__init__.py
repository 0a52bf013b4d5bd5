"""Transition Planner: follows young people with SEND from 14 to 25 into adult services."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

__all__ = ["create_app"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the application; `config` overrides settings read from the environment."""
    from transition import cli, database, extensions, web
    from transition import config as settings_module
    from transition.services import storage

    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
    )
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config.update(settings_module.load_settings(Path(app.instance_path), config))

    extensions.db.init_app(app)
    extensions.migrate.init_app(app, extensions.db, directory=str(PROJECT_ROOT / "migrations"))
    extensions.csrf.init_app(app)
    extensions.limiter.init_app(app)
    with app.app_context():
        database.configure_engine(
            extensions.db.engine, busy_timeout_ms=app.config["SQLITE_BUSY_TIMEOUT_MS"]
        )

    proxies = app.config["TRUSTED_PROXIES"]
    if proxies:
        # The client's address, scheme and host as the trusted proxies saw them; the
        # address drives the sign-in throttle and the audit log.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)

    storage.init_app(app)
    web.init_app(app)
    cli.init_app(app)
    return app
