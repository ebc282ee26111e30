"""Where the organisations that ask for training and send participants come from.

In a city that runs the network plugin they are chosen from its directory, through ``plugins.network.api``
(one not yet in it is typed in); elsewhere they are typed in. Either way the training keeps the name and the
sector: a directory entry renamed later does not rewrite who asked.
"""

from __future__ import annotations

from core.toolkit import ValidationError, current_cities, lazy_gettext
from plugins.training.domain import SECTORS


def _directory(city: str):
    """The network's api module where the city runs the network plugin, else None."""
    settings = current_cities().get(city)
    if settings is None or "network" not in settings.plugins:
        return None
    from plugins.network import api
    return api


def organisation_choices(store, city: str) -> list[tuple[str, str]]:
    """The directory's active organisations covering a city as (id, name); empty where they are typed in."""
    network = _directory(city)
    return [(o.organisation_id, o.name) for o in network.organisations(store, city)] if network else []


def from_directory(store, city: str, data: dict) -> dict:
    """The input with a chosen directory organisation's name as the organisation (a bad choice is refused)."""
    data = dict(data)
    chosen = (data.pop("organisation_id", "") or "").strip()
    if not chosen:
        return data
    network = _directory(city)
    found = network.organisation(store, chosen) if network else None
    if found is None or not found.active or city not in found.cities:
        raise ValidationError({"organisation_id": [lazy_gettext("Choose an organisation of the city's directory.")]})
    return {**data, "organisation": found.name}


def sectors() -> tuple[str, ...]:
    """The sectors an organisation belongs to (code values, shown through _(value))."""
    return SECTORS
