"""Asking plugins from a page: the hooks of the user's city, and the page pieces the user may see."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from flask_login import current_user

from core.extensions import Widget
from core.web.guard import can, exitfi


def city_hook(city: str | None = None):
    """The hooks of a city: the signed-in user's by default (of every enabled plugin for national roles)."""
    host = exitfi().host
    city = city or current_user.city
    return host.hook(city) if city else host.all.hook


def city_settings():
    """The configuration of the signed-in user's city (None for national roles)."""
    return exitfi().settings.cities.get(current_user.city) if current_user.city else None


def shown(answers: Iterable[list[Widget]]) -> list[tuple[str, Mapping[str, Any]]]:
    """Return ``(template, context)`` of each widget the user may see; the others' context is never computed."""
    return [(w.template, w.context()) for answer in answers for w in answer if can(w.permission)]
