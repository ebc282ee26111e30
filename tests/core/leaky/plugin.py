"""Leaky's hook implementations and its one aggregate, a diary with a declared name and two undeclared fields."""

from __future__ import annotations

import uuid

from core.toolkit import Aggregate, PersonalDataField, Personal, event, hookimpl

__version__ = "0.1.0"
plugin_api = ">=1,<2"
requires = ()


class Diary(Aggregate):
    """A diary about one person."""

    class Opened(Aggregate.Created):
        name: Personal

    class HealthNoted(Aggregate.Event):
        note: Personal

    class Visited(Aggregate.Event):
        visitors: list  # [{"name": Personal}]

    @event(Opened)
    def __init__(self, name: Personal):
        self.name = name

    @event(HealthNoted)
    def note_health(self, note: Personal):
        pass

    @event(Visited)
    def visited(self, visitors: list):
        pass


@hookimpl
def personal_data():
    return [PersonalDataField("leaky.name", "diary subjects", "identity", "to know whose diary it is",
                              "GDPR Art. 6(1)(e)", "a year", stored_in=("Diary.Opened.name",))]


@hookimpl
def demo_data(store, city, users):
    person, visitor = uuid.uuid4(), uuid.uuid4()
    diary = Diary(name=Personal(person, "identity", f"Diary subject ({city.name})"))
    diary.note_health(note=Personal(person, "health", "Sleeps badly."))
    diary.visited(visitors=[{"name": Personal(visitor, "identity", "A visitor")}])
    with store.acting(users["coordinator"]):
        store.save(diary)
