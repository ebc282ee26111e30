"""The web shell starts, signs a worker in, and shows a plugin's list and one of its records."""

from tests.core.web.conftest import notebook_ids


def test_worker_signs_in_and_opens_a_record(browser, instance):
    worker = browser("worker.helsinki")
    page = worker.get("/notebooks/")
    assert page.status_code == 200
    [first, *_] = notebook_ids(instance, "helsinki")
    assert worker.get(f"/notebooks/{first}").status_code == 200
