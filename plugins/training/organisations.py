"""Where the organisations that ask for training and send participants come from.

For now they are typed in (a name and a sector). When the network plugin's directory is available, this is
the one place that offers its organisations instead, through ``plugins.network.api``.
"""

from __future__ import annotations

from plugins.training.domain import SECTORS


def organisation_choices(city: str) -> list[tuple[str, str]]:
    """The organisations a form may offer for a city as (name, sector); empty while they are a free entry."""
    return []


def sectors() -> tuple[str, ...]:
    """The sectors an organisation belongs to (code values, shown through _(value))."""
    return SECTORS
