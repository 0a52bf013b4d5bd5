"""Security headers on every response, with a fresh CSP nonce per request."""

from __future__ import annotations

import secrets

from flask import Flask, Response, abort, g, request, session

from transition.web.sessions import SESSION_KEY


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def _has_nul(values) -> bool:
    return any("\x00" in value for _, value in values.items(multi=True))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["csp_nonce"] = csp_nonce

    @app.before_request
    def refuse_nul_characters():
        # No field legitimately holds a NUL, and PostgreSQL refuses to store one.
        if _has_nul(request.args) or (request.method == "POST" and _has_nul(request.form)):
            abort(400)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        nonce = csp_nonce()
        response.headers["Content-Security-Policy"] = "; ".join(
            [
                "default-src 'self'",
                f"script-src 'self' 'nonce-{nonce}'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'none'",
                "frame-ancestors 'none'",
                "form-action 'self'",
            ]
        )
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if request.is_secure:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        # The session cookie says whether someone is signed in without asking the database,
        # which an error page may not be able to reach.
        if session.get(SESSION_KEY) and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response
