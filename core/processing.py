"""The register of processing (GDPR Art. 30): the personal data each city's plugins store, and for how long."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from core.config import CitySettings, Settings
from core.event_index import type_label
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
            yield f"    stored in:   {', '.join(f.stored_in) or 'not in the event log'}"
        periods = retention_periods(host, city)
        if periods:
            yield "  retention periods (years after closure): " + ", ".join(f"{k} {v}" for k, v in periods.items())


COLUMNS = ("city", "field", "subjects", "category", "purpose", "legal_basis", "retention", "recipients", "stored_in")


def register_of(host, settings: Settings, translate=str) -> list[dict]:
    """The register as data: each city with its declared personal data and its retention periods, its texts put
    into a reader's language by `translate` (the declarations are in English)."""
    return [{"city": slug, "name": city.name,
             "fields": [{"field": f.name, "subjects": translate(f.subjects), "category": f.category,
                         "category_meaning": CATEGORIES[f.category], "purpose": translate(f.purpose),
                         "legal_basis": translate(f.legal_basis), "retention": translate(f.retention),
                         "recipients": [translate(r) for r in f.recipients], "stored_in": list(f.stored_in)}
                        for f in declared_data(host, slug)],
             "retention_periods": retention_periods(host, city)}
            for slug, city in settings.cities.items()]


def register_csv(host, settings: Settings, translate=str) -> str:
    """The register as CSV, one line per city and field (recipients and event fields joined by '; ')."""
    import csv
    import io
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for city in register_of(host, settings, translate):
        for f in city["fields"]:
            writer.writerow([city["city"], f["field"], f["subjects"], f["category"], f["purpose"], f["legal_basis"],
                             f["retention"], "; ".join(f["recipients"]), "; ".join(f["stored_in"])])
    return out.getvalue()


# ---------------------------------------------------------------------------------------------- what is stored


@dataclass(frozen=True, order=True)
class Undeclared:
    """A personal field stored in the log that no declaration of its plugin names with its category."""

    plugin: str
    category: str
    event_type: str                   # the event class's qualified name, as declarations name it
    field: str                        # the attribute, and the path inside it (``withheld[].reason``)
    topic: str = ""                   # the topic the event is stored under
    declared_as: tuple[str, ...] = ()  # the categories its plugin declares the field as, if any

    @property
    def stored_field(self) -> str:
        """The field as a declaration's ``stored_in`` names it."""
        return f"{self.event_type}.{self.field}"

    def __str__(self) -> str:
        where = f"{self.plugin} stores {self.category} data in {self.stored_field} ({self.topic})"
        if self.declared_as:
            return f"{where} but declares it as {', '.join(self.declared_as)} in its personal_data hook"
        return f"{where} but no declaration of its personal_data hook names it in stored_in"


def declared_fields(host) -> dict[str, dict[str, set[str]]]:
    """The event fields each plugin (and the core) declares, with the categories declared for each."""
    found: dict[str, dict[str, set[str]]] = {}
    for impl in host.all.hook.personal_data.get_hookimpls():
        fields = found.setdefault(impl.plugin_name, {})
        for declared in impl.function() or []:
            for stored in declared.stored_in:
                fields.setdefault(stored, set()).add(declared.category)
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
    """Read the whole log and name each personal field that no declaration of its plugin covers."""
    declared = declared_fields(host)
    found: set[Undeclared] = set()
    position = 0
    with store.reading():
        while True:
            notifications = store.recorder.select_notifications(position, batch, inclusive_of_start=False)
            for n in notifications:
                owner = owner_of(n.topic, host)
                event_type = type_label(n.topic)
                event = store.mapper.to_domain_event(n)
                for name, value in vars(event).items():
                    for path, field in personal_in(value, name):
                        categories = declared.get(owner, {}).get(f"{event_type}.{path}", set())
                        if field.category not in categories:
                            found.add(Undeclared(owner, field.category, event_type, path, n.topic,
                                                 tuple(sorted(categories))))
            if len(notifications) < batch:
                return sorted(found)
            position = notifications[-1].id


def personal_in(value, path: str) -> Iterator[tuple[str, Personal]]:
    """Each personal value inside a stored value, with its path: ``.key`` into an object, ``[]`` into a list."""
    if isinstance(value, Personal):
        yield path, value
    elif isinstance(value, dict):
        for key, v in value.items():
            yield from personal_in(v, f"{path}.{key}")
    elif isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            yield from personal_in(v, f"{path}[]")


# ---------------------------------------------------------------------------------------------- what the code holds


@dataclass(frozen=True, order=True)
class Unmatched:
    """An event attribute the code types ``Personal`` that no declaration names, or a declared field no event has."""

    plugin: str
    stored_field: str
    topic: str = ""  # the event's topic; none for a declared field that names no event the code defines

    def __str__(self) -> str:
        if self.topic:
            return (f"{self.plugin} types {self.stored_field} ({self.topic}) as personal data "
                    f"but no declaration of its personal_data hook names it in stored_in")
        return f"{self.plugin} declares personal data stored in {self.stored_field}, but no event of it has that field"


def event_types(host) -> dict[str, dict[str, type]]:
    """The event classes the loaded code of the core and each enabled plugin defines, by qualified name."""
    from eventsourcing.domain import DomainEvent
    enabled = {name for name, _ in host.all.list_name_plugin()}
    found: dict[str, dict[str, type]] = {}
    pending = [DomainEvent]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        owner = owner_of(f"{cls.__module__}:{cls.__qualname__}", host)
        if owner in enabled:
            # The library remakes each event class as a subclass of itself: the last one seen is as good as any.
            found.setdefault(owner, {})[cls.__qualname__] = cls
    return found


def attributes_of(event_type: type) -> dict[str, object]:
    """An event class's own attributes with their annotations, the library's left out."""
    found: dict[str, object] = {}
    for cls in reversed(event_type.__mro__):
        if not cls.__module__.startswith("eventsourcing"):
            found.update(vars(cls).get("__annotations__", {}))
    return found


def _is_personal(annotation) -> bool:
    # Annotations are strings under `from __future__ import annotations`; an optional field is still personal.
    if isinstance(annotation, str):
        return PERSONAL_ANNOTATION.fullmatch(annotation.replace(" ", "")) is not None
    return annotation is Personal or (annotation is not None and Personal in getattr(annotation, "__args__", ()))


PERSONAL_ANNOTATION = re.compile(r"Personal(\|None)?|None\|Personal|(typing\.)?Optional\[Personal\]")


def unmatched_declarations(host) -> list[Unmatched]:
    """Name each ``Personal`` attribute of a loaded event class none declares, and each declared field no event has."""
    declared = declared_fields(host)
    types = event_types(host)
    found: set[Unmatched] = set()
    for plugin, events in types.items():
        for qualname, cls in events.items():
            for name, annotation in attributes_of(cls).items():
                if _is_personal(annotation) and f"{qualname}.{name}" not in declared.get(plugin, {}):
                    found.add(Unmatched(plugin, f"{qualname}.{name}", f"{cls.__module__}:{qualname}"))
    for plugin, fields in declared.items():
        for stored in fields:
            if not _defined(stored, types.get(plugin, {})):
                found.add(Unmatched(plugin, stored))
    return sorted(found)


def _defined(stored: str, events: dict[str, type]) -> bool:
    # `Case.Opened.full_name` or `AccessReport.Issued.withheld[].reason`: some prefix is the class, then an attribute.
    parts = stored.split(".")
    for i in range(1, len(parts)):
        event_type = events.get(".".join(parts[:i]))
        if event_type is not None and parts[i].removesuffix("[]") in attributes_of(event_type):
            return True
    return False
