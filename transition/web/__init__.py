"""The web layer: blueprints, templates, security headers and errors."""

from __future__ import annotations

import logging

from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from transition import redaction
from transition.web import errors, security, sending, sessions, template_helpers


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    WTFormsHelpers(app)
    redaction.install(logging.getLogger("werkzeug"))
    template_helpers.init_app(app)
    security.init_app(app)
    sessions.init_app(app)
    errors.init_app(app)
    sending.init_app(app)

    from transition.web.admin.routes import bp as admin_bp
    from transition.web.auth.routes import bp as auth_bp
    from transition.web.calendar.routes import bp as calendar_bp
    from transition.web.caseload.routes import bp as caseload_bp
    from transition.web.contacts.routes import bp as contacts_bp
    from transition.web.documents.routes import bp as documents_bp
    from transition.web.framework.routes import bp as framework_bp
    from transition.web.handovers.routes import bp as handovers_bp
    from transition.web.home.routes import bp as home_bp
    from transition.web.imports.routes import bp as imports_bp
    from transition.web.invitations.routes import bp as invitations_bp
    from transition.web.meetings.routes import bp as meetings_bp
    from transition.web.milestones.routes import bp as milestones_bp
    from transition.web.my_pathway.routes import bp as my_pathway_bp
    from transition.web.notes.routes import bp as notes_bp
    from transition.web.notifications.routes import bp as notifications_bp
    from transition.web.pages.routes import bp as pages_bp
    from transition.web.people.routes import bp as people_bp
    from transition.web.reports.routes import bp as reports_bp
    from transition.web.team.routes import bp as team_bp

    for blueprint in (
        admin_bp,
        auth_bp,
        calendar_bp,
        caseload_bp,
        contacts_bp,
        documents_bp,
        framework_bp,
        handovers_bp,
        home_bp,
        imports_bp,
        invitations_bp,
        meetings_bp,
        milestones_bp,
        my_pathway_bp,
        notifications_bp,
        notes_bp,
        pages_bp,
        people_bp,
        reports_bp,
        team_bp,
    ):
        app.register_blueprint(blueprint)
