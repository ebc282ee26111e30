"""Forms keep what was typed, mark the field in error, write nothing on failure; a stale version is a conflict."""

from __future__ import annotations

import re

from core.access_log import AccessEntry
from core.auth.service import find_account, tokens_of
from core.demo import demo_actors
from core.testing.forms import field, marked, textarea
from tests.core.specimen import domain as notebooks
from tests.core.specimen.domain import Notebook
from tests.core.web.conftest import events_after, head, in_english, notebook_ids


def version_in(html: str) -> str:
    return re.search(r'name="version" value="(\d+)"', html).group(1)


def assert_no_note(store, notebook_id, position):
    """Nothing but access-log entries (the page was shown again) was written; no note was added."""
    assert all(isinstance(e, AccessEntry.PersonalDataViewed) for e in events_after(store, position))
    assert not any(isinstance(e, Notebook.NoteWritten) and e.originator_id.hex == notebook_id
                   for e in events_after(store, position))


def test_the_token_form_marks_a_missing_label_and_writes_nothing(browser, instance):
    store = instance.store
    worker = in_english(browser, "worker.helsinki")
    assert worker.get("/tokens").status_code == 200
    before = head(store)
    for label in ("", "   "):
        page = worker.post("/tokens", {"label": label})
        assert page.status_code == 422, repr(label)
        assert marked(page.text, "label")
        assert '<code id="new-token">' not in page.text
    assert head(store) == before
    assert tokens_of(store, find_account(store, username="worker.helsinki")) == []
    page = worker.post("/tokens", {"label": "reporting script"})
    assert page.status_code == 200 and '<code id="new-token">' in page.text
    assert not marked(page.text, "label") and "aria-invalid" not in field(page.text, "label")


def test_a_form_too_large_to_take_says_so_and_writes_nothing(browser, instance):
    worker = in_english(browser, "worker.helsinki")
    before = head(instance.store)
    page = worker.post("/tokens", {"label": "x" * (3 * 1024 * 1024)})  # over the 2 MB a request may hold
    assert page.status_code == 413 and "The form was too large to take: shorten the text" in page.text
    assert head(instance.store) == before


def test_a_plugin_form_keeps_the_input_when_a_number_is_wrong(browser, instance):
    store = instance.store
    notebook_id = notebook_ids(instance, "helsinki")[0]
    worker = in_english(browser, "worker.helsinki")
    version = version_in(worker.get(f"/notebooks/{notebook_id}").text)
    before = head(store)
    for pages in ("a few", "-5", "0", "1.5", "²", "2000"):
        page = worker.post(f"/notebooks/{notebook_id}/notes", {"version": version, "pages": pages,
                                                                "text": "Talked <b>about</b> work"})
        assert page.status_code == 422, pages
        assert marked(page.text, "pages"), pages
        assert f'value="{pages}"' in field(page.text, "pages")
        assert textarea(page.text, "text") == "Talked &lt;b&gt;about&lt;/b&gt; work"
    assert_no_note(store, notebook_id, before)
    sent = worker.post(f"/notebooks/{notebook_id}/notes", {"version": version, "pages": " 12 ", "text": "Work"})
    assert sent.status_code == 302 and store.get(notebook_id).notes == 2


def test_a_stale_version_is_refused_as_a_conflict_and_writes_nothing(browser, instance):
    store = instance.store
    notebook_id = notebook_ids(instance, "helsinki")[0]
    worker = in_english(browser, "worker.helsinki")
    old_version = version_in(worker.get(f"/notebooks/{notebook_id}").text)
    notebooks.write(store, demo_actors("helsinki")["coordinator"], notebook_id, 9)  # after the page loaded
    before = head(store)
    page = worker.post(f"/notebooks/{notebook_id}/notes", {"version": old_version, "pages": "2", "text": "Late"})
    assert page.status_code == 409
    assert head(store) == before
    assert store.get(notebook_id).version == int(old_version) + 1
    again = worker.post(f"/notebooks/{notebook_id}/notes", {"version": str(int(old_version) + 1), "pages": "2"})
    assert again.status_code == 302 and store.get(notebook_id).version == int(old_version) + 2
