"""The register of processing (GDPR Art. 30): the personal data each city's plugins store, and for how long."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from core.config import CitySettings, Settings
from core.extensions import PersonalDataField, by_name
from core.vault import CATEGORIES, Personal


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


COLUMNS = ("city", "field", "subjects", "category", "purpose", "legal_basis", "retention", "recipients")


def register_of(host, settings: Settings) -> list[dict]:
    """The register as data: each city with its declared personal data and its retention periods."""
    return [{"city": slug, "name": city.name,
             "fields": [{"field": f.name, "subjects": f.subjects, "category": f.category,
                         "category_meaning": CATEGORIES[f.category], "purpose": f.purpose,
                         "legal_basis": f.legal_basis, "retention": f.retention, "recipients": list(f.recipients)}
                        for f in declared_data(host, slug)],
             "retention_periods": retention_periods(host, city)}
            for slug, city in settings.cities.items()]


def register_csv(host, settings: Settings) -> str:
    """The register as CSV, one line per city and field (recipients joined by '; ')."""
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for city in register_of(host, settings):
        for f in city["fields"]:
            writer.writerow([city["city"], f["field"], f["subjects"], f["category"], f["purpose"], f["legal_basis"],
                             f["retention"], "; ".join(f["recipients"])])
    return out.getvalue()


# ---------------------------------------------------------------------------------------------- what is stored


@dataclass(frozen=True, order=True)
class Undeclared:
    """A personal field stored in the log by a plugin that declares no personal data of its category."""

    plugin: str
    category: str
    event_type: str
    field: str

    def __str__(self) -> str:
        return (f"{self.plugin} stores {self.category} data in {self.event_type}.{self.field} "
                f"but declares none in its personal_data hook")


def declared_categories(host) -> dict[str, set[str]]:
    """The categories of personal data each plugin (and the core) declares, by the plugin that answers."""
    found: dict[str, set[str]] = {}
    for impl in host.all.hook.personal_data.get_hookimpls():
        found.setdefault(impl.plugin_name, set()).update(f.category for f in impl.function() or [])
    return found


def owner_of(topic: str, host) -> str:
    """The plugin whose code defines an event type: the core's, an installed plugin's, or '?'."""
    module = topic.partition(":")[0]
    if module == "core" or module.startswith("core."):
        return "core"
    for name, plugin in host.installed.items():
        package = plugin.module.__name__.rpartition(".")[0] or plugin.module.__name__
        if module == package or module.startswith(package + "."):
            return name
    return "?"


def undeclared_personal_data(store, host, batch: int = 1000) -> list[Undeclared]:
    """Read the whole log and name each personal field whose plugin declares no personal data of its category."""
    declared = declared_categories(host)
    found: set[Undeclared] = set()
    position = 0
    with store.reading():
        while True:
            notifications = store.recorder.select_notifications(position, batch, inclusive_of_start=False)
            for n in notifications:
                owner = owner_of(n.topic, host)
                event = store.mapper.to_domain_event(n)
                for name, value in vars(event).items():
                    for field in _personal_in(value):
                        if field.category not in declared.get(owner, ()):
                            found.add(Undeclared(owner, field.category, n.topic.rpartition(":")[2], name))
            if len(notifications) < batch:
                return sorted(found)
            position = notifications[-1].id


def _personal_in(value) -> Iterator[Personal]:
    if isinstance(value, Personal):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _personal_in(v)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from _personal_in(v)
