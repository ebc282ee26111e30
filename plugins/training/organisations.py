"""Where the organisations that ask for training and send participants come from.

In a city whose plugins answer training's ``training_organisations`` hook (the network plugin, from its
directory) they are chosen from that list, one not yet in it typed in; elsewhere they are typed in. Either
way the training keeps the name and the sector: a directory entry renamed later does not rewrite who asked.
"""

from __future__ import annotations

from core.toolkit import ValidationError, city_hook, lazy_gettext
from plugins.training.domain import SECTORS


def organisation_choices(store, city: str) -> list[tuple[str, str]]:
    """The organisations a form offers in a city as (id, name), sorted by name; empty where they are typed in."""
    found = {o for answer in city_hook(city).training_organisations(store=store, city=city) for o in answer}
    return sorted(found, key=lambda o: (o[1].casefold(), o[0]))


def from_directory(store, city: str, data: dict) -> dict:
    """The input with a chosen organisation's name as the organisation (a choice not offered is refused)."""
    data = dict(data)
    chosen = (data.pop("organisation_id", "") or "").strip()
    if not chosen:
        return data
    name = dict(organisation_choices(store, city)).get(chosen.replace("-", ""))
    if name is None:
        raise ValidationError({"organisation_id": [lazy_gettext("Choose an organisation of the city's directory.")]})
    return {**data, "organisation": name}


def sectors() -> tuple[str, ...]:
    """The sectors an organisation belongs to (code values, shown through _(value))."""
    return SECTORS
