"""The Flask app factory: pages for staff, the API under /api/v1, all behind one guard."""

from __future__ import annotations

import gc
from datetime import datetime, timedelta, timezone

from flask import Flask, g, jsonify, redirect, request, session, url_for
from flask_login import LoginManager

from core.auth import throttle
from core.auth.service import account_for_session
from core.days import FINNISH_TIME
from core.web import api, asof, audit, erasure, events, i18n, persons, pipeline, register, security, views
from core.web.disclosure import reveal
from core.web.errors import api_error, install_error_pages
from core.web.guard import Permissions, can, wants_json
from core.web.templating import build_loader



class Exitfi:
    """What the app keeps of the instance: settings, plugin host, store, permissions."""

    def __init__(self, instance, login_manager):
        self.instance = instance
        self.settings = instance.settings
        self.host = instance.host
        self.store = instance.store
        self.permissions = Permissions(instance.host, instance.settings)
        self.unauthorized = login_manager.unauthorized


def create_app(config: dict | None = None) -> Flask:
    """Build the web app for an instance: `config["EXITFI_INSTANCE"]` is an opened Instance or a folder."""
    config = dict(config or {})
    instance = config.pop("EXITFI_INSTANCE", None)
    serves_the_process = instance is None or not hasattr(instance, "store")
    if serves_the_process:
        from core.instance import open_instance
        instance = open_instance(instance)
    settings = instance.settings
    app = Flask(__name__, static_folder="static")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.session_cookie_secure,
        SESSION_COOKIE_NAME="exitfi_session",
        REMEMBER_COOKIE_DURATION=timedelta(0),
        EXITFI_IDLE_MINUTES=settings.idle_timeout_minutes,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        EXITFI_SIGN_IN_LIMITS=dict(throttle.LIMITS),
    )
    app.config.update(config)
    app.jinja_loader = build_loader(instance.host)

    login_manager = LoginManager(app)
    login_manager.login_view = "core.login"
    login_manager.session_protection = "strong"
    app.extensions["exitfi"] = Exitfi(instance, login_manager)
    app.extensions["exitfi_public"] = {"static"}  # endpoints open to anyone besides those marked @public

    @login_manager.user_loader
    def load_user(user_id):
        # A session counts only while the server holds it live: logout, deactivation, a new password, an
        # administrator's sign-out or its absolute lifetime end it for every copy of the cookie.
        return account_for_session(instance.store, user_id, session.get("sid"))

    @login_manager.unauthorized_handler
    def unauthorized():
        if wants_json():
            return api_error(401, "unauthorized", "sign in or send a valid API token")
        return redirect(url_for("core.login", next=request.full_path if request.method == "GET" else None))

    i18n.init_app(app, instance.host)
    _register_blueprints(app, instance.host)
    pipeline.install(app)
    _add_template_helpers_and_healthz(app)
    install_error_pages(app)
    if serves_the_process:
        # The app of a server's worker lives as long as the process: what was built to serve it (modules,
        # templates, plugins; some 130,000 objects) is kept out of the collector's full passes, which walk
        # every tracked object and, under load, held a request up for tens of milliseconds. A test's app,
        # given its instance, is left to the collector.
        gc.freeze()
    return app


def _register_blueprints(app, host) -> None:
    app.register_blueprint(views.bp)
    app.register_blueprint(audit.bp)
    app.register_blueprint(asof.bp)
    app.register_blueprint(erasure.bp)
    app.register_blueprint(events.bp)
    app.register_blueprint(register.bp)
    app.register_blueprint(persons.bp)
    owners = app.extensions["exitfi_blueprint_owners"] = {}
    for impl in host.all.hook.blueprints.get_hookimpls():
        for bp in impl.function() or []:
            owners[bp.name] = impl.plugin_name
            app.register_blueprint(bp)
    api.init_app(app, host)
    app.extensions["exitfi_api"].register_blueprint(events.api_bp)


def _add_template_helpers_and_healthz(app) -> None:
    app.add_template_filter(local_time, "when")

    @app.context_processor
    def globals_for_templates():
        return {"csrf_token": security.csrf_token, "can": can, "reveal": reveal,
                "languages": i18n.LANGUAGES, "current_language": g.get("lang", "fi")}

    @app.get("/healthz")
    def healthz():
        return jsonify(status="ok")

    healthz.exitfi_permission = None


def local_time(moment, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Show a stored UTC time in Finnish time (SQLite hands back naive UTC values; a report holds ISO text)."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(FINNISH_TIME).strftime(fmt)
