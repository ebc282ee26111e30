"""A page is read in one transaction: its read models join it, and a write inside it fails loudly, never lost."""

from __future__ import annotations

import pytest
from eventsourcing.persistence import ProgrammingError

from core.demo import demo_actors
from core.events import Aggregate, event
from core.testing.web import Browser
from core.web import create_app
from core.web.guard import requires


class Note(Aggregate):
    """A record a probe page writes."""

    @event("Written")
    def __init__(self, title: str):
        self.title = title


def _app_with(instance, view, methods=("GET",)):
    app = create_app({"EXITFI_INSTANCE": instance, "TESTING": True})
    app.add_url_rule("/probe", "probe", requires("dashboard.view")(view), methods=list(methods))
    return app


def test_a_get_view_reads_every_read_model_in_one_transaction(instance):
    store, opened = instance.store, []

    def probe():
        for _ in range(2):
            with store.reading() as session:
                opened.append(session)
        return "read"

    user = Browser(_app_with(instance, probe))
    assert user.login("worker.helsinki").status_code == 302
    assert user.get("/probe").text == "read"
    assert opened[0] is opened[1]


def test_a_write_inside_a_get_view_is_refused_and_writes_nothing(instance):
    store = instance.store

    def probe():
        with store.acting(demo_actors("helsinki")["worker"]):
            store.save(Note(title="written by a page view"))
        return "wrote"

    user = Browser(_app_with(instance, probe))
    assert user.login("worker.helsinki").status_code == 302
    head = store.recorder.max_notification_id()
    with pytest.raises(ProgrammingError):
        user.get("/probe")
    assert store.recorder.max_notification_id() == head


def test_a_post_view_still_writes(instance):
    store = instance.store

    def probe():
        with store.acting(demo_actors("helsinki")["worker"]):
            store.save(Note(title="written by a form"))
        return "wrote"

    user = Browser(_app_with(instance, probe, methods=("POST",)))
    assert user.login("worker.helsinki").status_code == 302
    head = store.recorder.max_notification_id()
    assert user.post("/probe").text == "wrote"
    assert store.recorder.max_notification_id() == head + 1
