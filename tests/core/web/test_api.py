"""The JSON API: personal access tokens, scope, one error shape, and its OpenAPI description."""

from __future__ import annotations

import base64
import hashlib
import re
import uuid

import pytest
from openapi_spec_validator import validate
from sqlalchemy import select

from core import cli as cli_module
from core.auth.projections import api_tokens
from core.auth.service import find_account, issue_token
from core.config import init_instance
from core.testing import MASTER_KEY, SEAL_KEY, api_error
from tests.core import specimen
from tests.core.instances import configure, install
from tests.core.web.conftest import notebook_ids

NOTEBOOK = {"name": "K. from the east side"}
NOTE = {"pages": 3, "text": "talked about work"}


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def token_for(instance, username: str) -> str:
    return issue_token(instance.store, find_account(instance.store, username=username), "tests")


def log_length(instance) -> int:
    with instance.store.reading():
        return instance.store.recorder.max_notification_id() or 0


def log_bytes(instance) -> bytes:
    """Every stored event, as the bytes the database holds."""
    with instance.store.reading():
        notes = instance.store.recorder.select_notifications(None, 100_000)
    return b"\n".join(n.topic.encode() + n.state for n in notes)


@pytest.fixture
def api(app):
    return app.test_client()


# -- tokens -------------------------------------------------------------------

def new_token_in(html: str) -> str | None:
    found = re.search(r'<code id="new-token">(exitfi_[^<]+)</code>', html)
    return found.group(1) if found else None


def test_token_made_in_the_ui_is_shown_once_and_stored_only_hashed(browser, api, instance):
    worker = browser("worker.helsinki")
    assert new_token_in(worker.get("/tokens").text) is None
    created = worker.post("/tokens", {"label": "reporting script"})
    assert created.status_code == 200
    secret = new_token_in(created.text)
    assert secret, "the new token is shown on the page that created it"

    me = api.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200 and me.get_json()["username"] == "worker.helsinki"

    later = worker.get("/tokens")
    assert "reporting script" in later.text
    assert secret not in later.text and new_token_in(later.text) is None

    with instance.store.reading() as session:
        rows = session.execute(select(api_tokens)).all()
    [row] = [r for r in rows if r.label == "reporting script"]
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert all(secret not in str(value) for r in rows for value in r)
    stored = log_bytes(instance)
    assert row.token_hash.encode() in stored  # the log does hold the token's record...
    assert secret.encode() not in stored      # ...but never its secret
    assert secret.removeprefix("exitfi_").encode() not in stored


def cli_on_the_same_store(database_url, tmp_path, monkeypatch) -> None:
    """Point the exitfi command at the web app's database and keys (and its plugins)."""
    folder = tmp_path / "cli-instance"
    init_instance(folder, echo=lambda m: None)
    configure(folder, [specimen.NAME])
    install(monkeypatch, specimen.installed())
    monkeypatch.setenv("EXITFI_INSTANCE", str(folder))
    monkeypatch.setenv("EXITFI_DATABASE_URL", database_url)
    monkeypatch.setenv("EXITFI_MASTER_KEY", base64.b64encode(MASTER_KEY).decode())
    monkeypatch.setenv("EXITFI_SEAL_KEY", base64.b64encode(SEAL_KEY).decode())


def test_token_made_with_the_cli_works(instance, api, database_url, tmp_path, monkeypatch, capsys):
    cli_on_the_same_store(database_url, tmp_path, monkeypatch)
    try:
        cli_module.main(["tokens", "create", "coordinator.turku", "--label", "nightly export"])
    except SystemExit as e:
        assert e.code == 0, capsys.readouterr().err
    secret = capsys.readouterr().out.strip()
    assert secret.startswith("exitfi_")

    me = api.get("/api/v1/me", headers=bearer(secret))
    assert me.status_code == 200
    assert me.get_json() == {"username": "coordinator.turku", "city": "turku",
                             "roles": ["city_coordinator"], "language": "fi"}
    assert secret.encode() not in log_bytes(instance)


def test_cli_refuses_a_token_for_an_unknown_user(instance, database_url, tmp_path, monkeypatch, capsys):
    cli_on_the_same_store(database_url, tmp_path, monkeypatch)
    before = log_length(instance)
    with pytest.raises(SystemExit) as exit_:
        cli_module.main(["tokens", "create", "nobody.helsinki"])
    assert exit_.value.code == 2
    assert "no user 'nobody.helsinki'" in capsys.readouterr().err
    assert log_length(instance) == before


def test_a_revoked_token_stops_working(browser, api):
    worker = browser("worker.helsinki")
    secret = new_token_in(worker.post("/tokens", {"label": "laptop"}).text)
    assert api.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    token_id = re.search(r'name="revoke" value="([^"]+)"', worker.get("/tokens").text).group(1)
    assert worker.post("/tokens", {"revoke": token_id}).status_code == 302
    assert f'name="revoke" value="{token_id}"' not in worker.get("/tokens").text, "no revoke button any more"
    api_error(api.get("/api/v1/me", headers=bearer(secret)), 401, "unauthorized")
    api_error(api.get("/api/v1/notebooks/", headers=bearer(secret)), 401, "unauthorized")
    api_error(api.post("/api/v1/notebooks/", headers=bearer(secret), json=NOTEBOOK), 401, "unauthorized")


def test_a_token_reaches_only_its_own_city(instance, api):
    secret = token_for(instance, "worker.helsinki")
    own = api.get("/api/v1/notebooks/", headers=bearer(secret))
    assert own.status_code == 200 and own.get_json(), "the worker keeps demo notebooks"
    assert {n["city"] for n in own.get_json()} == {"helsinki"}
    mine = own.get_json()[0]["notebook_id"]
    assert api.get(f"/api/v1/notebooks/{mine}", headers=bearer(secret)).status_code == 200

    before = log_length(instance)
    for turku_notebook in notebook_ids(instance, "turku"):
        api_error(api.get(f"/api/v1/notebooks/{turku_notebook}", headers=bearer(secret)), 404, "not_found")
        api_error(api.post(f"/api/v1/notebooks/{turku_notebook}/notes", headers=bearer(secret),
                              json={**NOTE, "version": 3}), 404, "not_found")
    assert log_length(instance) == before


def test_a_token_has_only_its_users_permissions(instance, api):
    secret = token_for(instance, "trainer.helsinki")
    assert api.get("/api/v1/me", headers=bearer(secret)).status_code == 200
    api_error(api.get("/api/v1/notebooks/", headers=bearer(secret)), 403, "forbidden")
    [notebook_id, *_] = notebook_ids(instance, "helsinki")
    api_error(api.get(f"/api/v1/notebooks/{notebook_id}", headers=bearer(secret)), 403, "forbidden")
    before = log_length(instance)
    api_error(api.post("/api/v1/notebooks/", headers=bearer(secret), json=NOTEBOOK), 403, "forbidden")
    api_error(api.post(f"/api/v1/notebooks/{notebook_id}/notes", headers=bearer(secret), json={}), 403, "forbidden")
    assert log_length(instance) == before


# -- endpoints ----------------------------------------------------------------

def test_me_answers_for_token_and_session(instance, api, browser):
    expected = {"username": "auditor.national", "city": None, "roles": ["auditor"], "language": "fi"}
    assert api.get("/api/v1/me", headers=bearer(token_for(instance, "auditor.national"))).get_json() == expected
    signed_in = browser("auditor.national")
    assert signed_in.client.get("/api/v1/me").get_json() == expected


def test_a_token_writes_without_a_csrf_token(instance, api):
    secret = token_for(instance, "coordinator.helsinki")
    before = log_length(instance)
    created = api.post("/api/v1/notebooks/", headers=bearer(secret), json=NOTEBOOK)
    assert created.status_code == 201, created.text
    notebook = created.get_json()
    assert notebook["city"] == "helsinki" and notebook["name"] == NOTEBOOK["name"] and notebook["version"] == 1
    assert log_length(instance) > before


def test_invalid_input_answers_422_per_field(instance, api):
    secret = token_for(instance, "coordinator.helsinki")
    [notebook_id, *_] = notebook_ids(instance, "helsinki")
    version = api.get(f"/api/v1/notebooks/{notebook_id}", headers=bearer(secret)).get_json()["version"]
    before = log_length(instance)
    for body, fields in [({}, {"pages", "version"}),
                         ({**NOTE, "pages": "many", "version": version}, {"pages"}),
                         ({**NOTE, "pages": 0, "version": 1.5}, {"pages", "version"}),
                         ({**NOTE, "pages": True, "version": version}, {"pages"}),
                         ({**NOTE, "text": 42, "version": version}, {"text"})]:
        error = api_error(api.post(f"/api/v1/notebooks/{notebook_id}/notes", headers=bearer(secret), json=body),
                             422, "validation")
        assert set(error["fields"]) == fields, body
        assert all(isinstance(m, str) and m for messages in error["fields"].values() for m in messages)
    for body in ({}, {"name": ""}, {"name": 42}):
        error = api_error(api.post("/api/v1/notebooks/", headers=bearer(secret), json=body), 422, "validation")
        assert set(error["fields"]) == {"name"}, body
    assert log_length(instance) == before
    assert api.get(f"/api/v1/notebooks/{notebook_id}", headers=bearer(secret)).get_json()["version"] == version


def test_a_stale_version_answers_409_with_the_current_version(instance, api):
    secret = token_for(instance, "coordinator.helsinki")
    [notebook_id, *_] = notebook_ids(instance, "helsinki")
    version = api.get(f"/api/v1/notebooks/{notebook_id}", headers=bearer(secret)).get_json()["version"]
    first = api.post(f"/api/v1/notebooks/{notebook_id}/notes", headers=bearer(secret),
                     json={**NOTE, "version": version})
    assert first.status_code == 201, first.text
    assert first.get_json()["version"] == version + 1 and first.get_json()["notes"] >= 1

    before = log_length(instance)
    stale = api.post(f"/api/v1/notebooks/{notebook_id}/notes", headers=bearer(secret),
                     json={**NOTE, "pages": 7, "version": version})
    error = api_error(stale, 409, "conflict")
    assert error["current_version"] == version + 1
    assert log_length(instance) == before


def test_errors_share_one_shape(instance, api):
    api_error(api.get("/api/v1/me"), 401, "unauthorized")
    api_error(api.get("/api/v1/notebooks/"), 401, "unauthorized")
    api_error(api.get("/api/v1/me", headers=bearer("exitfi_not-a-real-token")), 401, "unauthorized")
    api_error(api.get("/api/v1/me", headers={"Authorization": "Basic d29ya2VyOnB3"}), 401, "unauthorized")
    secret = token_for(instance, "coordinator.helsinki")
    api_error(api.get("/api/v1/no-such-endpoint", headers=bearer(secret)), 404, "not_found")
    api_error(api.get(f"/api/v1/notebooks/{uuid.uuid4().hex}", headers=bearer(secret)), 404, "not_found")
    api_error(api.get("/api/v1/notebooks/not-a-notebook-id", headers=bearer(secret)), 404, "not_found")
    api_error(api.delete("/api/v1/me", headers=bearer(secret)), 405)
    national = token_for(instance, "national_coordinator.national")
    api_error(api.get("/api/v1/notebooks/", headers=bearer(national)), 403, "forbidden")


# -- description --------------------------------------------------------------

def test_openapi_description_is_valid_openapi_3(api):
    response = api.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.get_json()
    validate(spec)  # raises, naming the first part that breaks the OpenAPI 3 schema
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] and spec["info"]["version"] == "v1"
    assert {"/api/v1/me", "/api/v1/notebooks/", "/api/v1/notebooks/{notebook_id}",
            "/api/v1/notebooks/{notebook_id}/notes"} <= set(spec["paths"])
    assert "get" in spec["paths"]["/api/v1/me"]
    assert {"get", "post"} <= set(spec["paths"]["/api/v1/notebooks/"])
    assert spec["components"]["securitySchemes"]["token"]["scheme"] == "bearer"

    schemas = spec["components"]["schemas"]
    error = schemas["Error"]
    assert error["properties"]["error"]
    body = _resolve(spec, error["properties"]["error"])
    assert {"status", "code", "message"} <= set(body["required"])
    assert {"status", "code", "message", "fields", "current_version"} <= set(body["properties"])

    notes = spec["paths"]["/api/v1/notebooks/{notebook_id}/notes"]["post"]["responses"]
    assert "409" in notes and "422" in notes  # a plugin names the core's error schema for its own answers
    for status in ("409", "422"):
        ref = notes[status]
        ref = _resolve(spec, ref) if "$ref" in ref else ref
        assert _resolve(spec, ref["content"]["application/json"]["schema"]) == error
    for path in spec["paths"].values():
        for method, op in path.items():
            if method in ("get", "post", "put", "patch", "delete"):
                assert op["responses"] and all(s.isdigit() or s == "default" for s in op["responses"])


def _resolve(spec: dict, node: dict) -> dict:
    """Follow a local $ref (allOf of one ref too) to the object it names."""
    if "allOf" in node and len(node["allOf"]) == 1:
        node = node["allOf"][0]
    if "$ref" not in node:
        return node
    assert node["$ref"].startswith("#/"), "references stay inside the document"
    target = spec
    for part in node["$ref"][2:].split("/"):
        target = target[part]
    return target


def test_api_docs_render_from_local_files_only(api):
    response = api.get("/api/v1/docs")
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "/api/v1/notebooks/" in response.text and "/api/v1/me" in response.text
    assert not re.search(r"""(?:src|href|action)\s*=\s*["']?\s*(?:https?:)?//""", response.text, re.I)
    assert not re.search(r"(?:@import|url\()\s*[\"']?\s*(?:https?:)?//", response.text, re.I)
    for tag in re.findall(r"<script[^>]*>", response.text, re.I):
        assert re.search(r'src="/[^/]', tag), f"{tag}: scripts load from this host's files (CSP forbids inline)"
