"""The register of processing (GDPR Art. 30): the personal data each city's plugins store, and for how long."""

from __future__ import annotations

from collections.abc import Iterator

from core.config import CitySettings, Settings
from core.extensions import PersonalDataField, by_name
from core.vault import CATEGORIES


def declared_data(host, city: str) -> list[PersonalDataField]:
    """Return the personal data the core and a city's plugins declare; a name declared twice stops it."""
    fields = by_name(host.hook(city).personal_data(), "personal-data field")
    return sorted(fields.values(), key=lambda f: f.name)


def retention_periods(host, city: CitySettings) -> dict[str, int]:
    """Return how many years each kind of record is kept in a city; the city plugin's answer wins."""
    periods: dict[str, int] = {}
    for answer in reversed(host.hook(city.slug).retention_policies(city=city)):  # the city's answer comes first
        periods.update(answer)
    return dict(sorted(periods.items()))


def register_lines(host, settings: Settings) -> Iterator[str]:
    """Write out the register of processing, city by city."""
    for slug, city in settings.cities.items():
        yield f"{city.name} ({slug})"
        for f in declared_data(host, slug):
            yield f"  {f.name}"
            yield f"    subjects:    {f.subjects}"
            yield f"    category:    {CATEGORIES[f.category]}"
            yield f"    purpose:     {f.purpose}"
            yield f"    legal basis: {f.legal_basis}"
            yield f"    retention:   {f.retention}"
            yield f"    recipients:  {', '.join(f.recipients) or 'none'}"
        periods = retention_periods(host, city)
        if periods:
            yield "  retention periods (years after closure): " + ", ".join(f"{k} {v}" for k, v in periods.items())
