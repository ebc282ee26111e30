"""The JSON API under /api/v1: flask-smorest, personal access tokens, one error shape."""

from __future__ import annotations

import json

import marshmallow as ma
from flask import current_app, g, request
from flask_login import current_user
from flask_smorest import Api
from flask_smorest import Blueprint as SmorestBlueprint
from webargs.flaskparser import FlaskParser

from core.auth import throttle
from core.auth.service import account_for_token
from core.web.errors import api_error
from core.web.guard import exitfi, public, requires
from core.web.security import mark_token_auth
from core.web.templating import render

class BoundedParser(FlaskParser):
    """webargs' parser, refusing a body nested too deeply for the JSON decoder as invalid JSON (400)."""

    def _raw_load_json(self, req):
        try:
            return super()._raw_load_json(req)
        except RecursionError:
            raise json.JSONDecodeError("the JSON body is nested too deeply", "(nested too deeply)", 0) from None


class Blueprint(SmorestBlueprint):
    """An API blueprint (flask-smorest) whose bodies are parsed by the bounded parser."""

    ARGUMENTS_PARSER = BoundedParser()


bp = Blueprint("api_core", __name__, url_prefix="/api/v1", description="The signed-in user")

class ErrorBodySchema(ma.Schema):
    status = ma.fields.Integer(required=True)
    code = ma.fields.String(required=True, metadata={"description": "validation, conflict, not_found, ..."})
    message = ma.fields.String(required=True)
    fields = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.List(ma.fields.String()),
                            metadata={"description": "messages per input field (422)"})
    current_version = ma.fields.Integer(metadata={"description": "the record's version now (409)"})


class ErrorSchema(ma.Schema):
    """Every API error has this one shape."""

    error = ma.fields.Nested(ErrorBodySchema, required=True)


class ExitfiApi(Api):
    ERROR_SCHEMA = ErrorSchema


class MeSchema(ma.Schema):
    username = ma.fields.String()
    city = ma.fields.String(allow_none=True)
    roles = ma.fields.List(ma.fields.String())
    language = ma.fields.String()


@bp.route("/me")
@bp.response(200, MeSchema)
@requires("dashboard.view")
def me():
    """Return who the token or session belongs to."""
    return {"username": current_user.username, "city": current_user.city,
            "roles": sorted(current_user.roles), "language": current_user.language}


def sign_in_with_token():
    """Sign a request in by its `Authorization: Bearer exitfi_...` header, before any session is looked at."""
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return
    store = exitfi().store
    found = account_for_token(store, header[7:].strip())
    if found is None:
        # Only wrong tokens are counted: guessing is throttled, a working client is not.
        verdict = throttle.count(store, "token", request.remote_addr or "unknown",
                                 current_app.config["EXITFI_SIGN_IN_LIMITS"])
        if not verdict.allowed:
            response, status = api_error(429, message="too many requests with a wrong token; wait and retry")
            response.headers["Retry-After"] = str(verdict.retry_after)
            return response, status
        return None
    # Flask-Login keeps the request's user in g._login_user; setting it first means a stray
    # session cookie (strong session protection) cannot shadow a valid token.
    g._login_user = found[0]
    mark_token_auth()


def init_app(app, host) -> None:
    app.config.update(
        API_TITLE="EXIT Finland casework API", API_VERSION="v1", OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX="/api/v1", OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={"components": {"securitySchemes": {
            "token": {"type": "http", "scheme": "bearer", "description": "a personal access token"}}},
            "security": [{"token": []}]},
    )
    api = ExitfiApi(app)
    api.register_blueprint(bp)
    for impl in host.all.hook.api_blueprints.get_hookimpls():
        for blueprint in impl.function() or []:
            app.extensions["exitfi_blueprint_owners"][blueprint.name] = impl.plugin_name
            api.register_blueprint(blueprint)
    app.extensions["exitfi_api"] = api
    app.extensions["exitfi_public"].add("api-docs.openapi_json")  # a bound method: no attribute to mark

    @app.get("/api/v1/docs")
    @public
    def api_docs():
        """Document the API from its own OpenAPI description, with no asset from another host."""
        return render("core/api_docs.html", spec=api.spec.to_dict())
