"""Errors: pages for staff, one JSON shape for the API."""

from __future__ import annotations

from flask import g, jsonify, render_template
from werkzeug.exceptions import HTTPException

from core.errors import ConflictError, NotFoundError, PersonErasedError, ValidationError
from core.web.guard import wants_json
from core.web.i18n import untranslated

CODES = {400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
         409: "conflict", 413: "too_large", 422: "validation", 429: "too_many_requests", 500: "server_error"}


def api_error(status: int, code: str | None = None, message: str | None = None, **extra):
    """Answer with the API's one error shape: {"error": {"status", "code", "message", ...}}."""
    # The default message reads like the one of werkzeug's own errors, so a 404 raised as NotFoundError and one
    # from abort(404) (another city's record) answer alike and a record's existence does not leak.
    default = CODES.get(status, "").replace("_", " ")
    body = {"status": status, "code": code or CODES.get(status, "error"), "message": message or default}
    body.update({k: v for k, v in extra.items() if v is not None})
    return jsonify(error=body), status


def install_error_pages(app) -> None:
    @app.errorhandler(HTTPException)
    def http_error(e):
        if wants_json():
            data = getattr(e, "data", None) or {}
            # The fields of a body or a query string are named alike: as the input's own fields.
            messages = data.get("messages") or {}
            fields = messages.get("json") or messages.get("query") or data.get("messages") if data else None
            if e.code == 422:
                return api_error(422, "validation", "the input has errors; see fields", fields=fields)
            response, status = api_error(e.code, message=_api_message(e))
            return response, status, _allow(e)
        template = {403: "core/403.html", 404: "core/404.html"}.get(e.code, "core/error.html")
        return render_template(template, code=e.code, csrf=g.get("csrf_failed", False),
                               break_glass_for=g.get("break_glass_for")), e.code, _allow(e)

    @app.errorhandler(ConflictError)
    def conflict(e):
        if wants_json():
            return api_error(409, "conflict", "the record was changed by someone else; reload and re-apply",
                             current_version=e.current_version)
        return render_template("core/error.html", code=409), 409

    @app.errorhandler(NotFoundError)
    def not_found(e):
        if wants_json():
            return api_error(404)
        return render_template("core/404.html", code=404), 404

    @app.errorhandler(PersonErasedError)
    def erased(e):
        # Nothing was written: the vault refuses before the transaction commits.
        if wants_json():
            return api_error(422, "person_erased", "the person's data was erased; nothing new can be recorded about them")
        return render_template("core/error.html", code=422, erased=True), 422

    @app.errorhandler(ValidationError)
    def invalid(e):
        if wants_json():
            return api_error(422, "validation", "the input has errors; see fields", fields=untranslated(e.messages))
        return render_template("core/error.html", code=422), 422


def _allow(e: HTTPException) -> dict:
    """A 405 says which methods the resource does answer (RFC 9110); other errors add no header."""
    return {k: v for k, v in e.get_headers() if k == "Allow"}


def _api_message(e: HTTPException) -> str:
    if e.code == 400 and e.description == "csrf":
        return "missing or wrong X-CSRF-Token header for a cookie-authenticated write"
    return CODES.get(e.code, "error").replace("_", " ")

