"""The register of processing activities (GDPR Art. 30) as a page, and as a CSV or JSON file to hand over."""

from __future__ import annotations

import json

from flask import Blueprint, Response
from flask_babel import get_locale

from core.days import finnish_today
from core.processing import register_csv, register_of
from core.web.guard import exitfi, requires
from core.web.i18n import declared_text
from core.web.templating import render

bp = Blueprint("register", __name__, url_prefix="/audit/register")

TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}


@bp.get("/")
@requires("audit.read_register")
def register():
    """Show what personal data each city's plugins store, why, on what legal basis, for how long and for whom."""
    found = exitfi()
    return render("core/register.html", cities=register_of(found.host, found.settings, declared_text))


@bp.get("/export.<any(csv, json):kind>")
@requires("audit.read_register")
def export(kind):
    """Download the register as CSV or JSON."""
    found = exitfi()
    if kind == "csv":
        body = register_csv(found.host, found.settings, declared_text)
    else:  # in the reader's language, as the page shows it
        body = json.dumps({"made_on": finnish_today().isoformat(), "language": str(get_locale()),
                           "cities": register_of(found.host, found.settings, declared_text)}, ensure_ascii=False, indent=2)
    name = f"register-of-processing-{finnish_today().isoformat()}.{kind}"
    return Response(body, mimetype=TYPES[kind], headers={"Content-Disposition": f'attachment; filename="{name}"'})
