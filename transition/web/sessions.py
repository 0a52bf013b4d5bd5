"""Who is signed in: a server-side session named by a random token in the cookie."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, current_app, redirect, request, session, url_for
from flask_login import current_user

from transition.extensions import login_manager
from transition.services import accounts
from transition.services.audit import Actor

SESSION_KEY = "sid"


def current_actor() -> Actor:
    user = current_user._get_current_object() if current_user.is_authenticated else None
    return Actor(user, request.remote_addr)


def sign_in(user) -> None:
    session.clear()
    session.permanent = True
    session[SESSION_KEY] = accounts.start_session(user, request.remote_addr)


def sign_out() -> None:
    token = session.get(SESSION_KEY)
    if token:
        accounts.end_session(token)
    session.clear()


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = None

    @login_manager.request_loader
    def load_user_from_session(_request):
        token = session.get(SESSION_KEY)
        if not token or not isinstance(token, str):
            return None
        user = accounts.load_session(
            token,
            idle=timedelta(minutes=current_app.config["SESSION_IDLE_MINUTES"]),
            absolute=current_app.config["PERMANENT_SESSION_LIFETIME"],
        )
        if user is None:
            session.pop(SESSION_KEY, None)
        return user

    @login_manager.unauthorized_handler
    def send_to_sign_in():
        next_path = request.full_path if request.method == "GET" else None
        if next_path and next_path.endswith("?"):
            next_path = next_path[:-1]
        return redirect(url_for("auth.login", next=next_path))
