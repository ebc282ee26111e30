"""A case with a long history shows its newest hundred timeline entries, and all of them when asked."""

from __future__ import annotations

import re
from datetime import date, timedelta

from plugins.casework import service

TIMELINE = re.compile(r'<ol class="timeline">(.*?)</ol>', re.S)


def entries(html: str) -> int:
    return TIMELINE.search(html).group(1).count("<li")


def test_a_long_timeline_shows_the_newest_entries_and_all_on_request(browser, instance, coordinator):
    case_id = service.open_case(instance.store, coordinator, "helsinki", "individual", "Routa", "phone")
    service.assign_worker(instance.store, coordinator, case_id, "worker.helsinki")
    case = instance.store.get(case_id)
    for day in range(110):  # saved at once: the page's reading, not the writing, is what is tried here
        case.record_meeting(date(2025, 1, 1) + timedelta(days=day), "in_person", 30, note=f"Contact {day}",
                            workers=["worker.helsinki"], staff={"worker.helsinki"})
    with instance.store.acting(coordinator):
        instance.store.save(case)
    lead = browser("coordinator.helsinki")
    assert lead.post("/language", {"language": "en", "next": "/"}).status_code == 302
    page = lead.get(f"/cases/{case_id.hex}").text
    assert entries(page) == 100 and "The newest 100 of 112 entries." in page
    assert "Contact 109" in page and "Contact 0<" not in page  # the newest first, the oldest left out
    whole = lead.get(f"/cases/{case_id.hex}?timeline=all").text
    assert entries(whole) == 112 and "Show them all" not in whole and "Contact 0<" in whole
