"""The web shell starts, signs a worker in, and shows the caseload and a case."""

from tests.core.web.conftest import case_ids


def test_worker_signs_in_and_opens_a_case(browser, instance):
    worker = browser("worker.helsinki")
    page = worker.get("/cases/")
    assert page.status_code == 200
    [first, *_] = case_ids(instance, "helsinki")
    assert worker.get(f"/cases/{first}").status_code == 200
