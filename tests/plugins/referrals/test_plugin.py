"""The referrals plugin needs casework and the network: a city that runs it without them does not start; the demo
shows it alive in every city that runs it."""

from __future__ import annotations

import pytest

from core.testing.web import build_instance, settings_for
from core.toolkit import StartupError, finnish_today
from plugins.referrals.queries import overdue, triage_queue
from plugins.referrals.statistics import incoming_counts, outgoing_counts


@pytest.mark.parametrize("plugins, missing", [(("casework", "referrals"), "network"),
                                              (("network", "referrals"), "casework")])
def test_a_city_with_referrals_but_without_what_it_needs_stops_at_start_up_with_one_line(database_url, plugins,
                                                                                         missing):
    settings = settings_for(database_url, {"helsinki": ["casework", "network"], "turku": list(plugins)})
    with pytest.raises(StartupError) as stopped:
        build_instance(settings)
    assert str(stopped.value) == f"city turku: plugin 'referrals' requires '{missing}'; add it to the city's plugins"


def test_the_demo_shows_referrals_alive_in_every_city_that_runs_them(browser, instance):
    running = [slug for slug, city in instance.settings.cities.items() if "referrals" in city.plugins]
    assert running == list(instance.settings.cities)  # every pilot city runs the network, so referrals too
    for slug in running:
        assert [r.urgency for r in triage_queue(instance.store, slug)] == ["urgent", "soon"]
        assert len(overdue(instance.store, slug, finnish_today())) == 1
        assert sorted(r.source for r in incoming_counts(instance.store, slug)) == [
            "family_member", "police", "school", "social_services"]
        assert sorted(r.outcome for r in outgoing_counts(instance.store, slug)) == ["completed", "sent"]
    page = browser("coordinator.helsinki").get("/")
    assert page.status_code == 200
    for waiting in triage_queue(instance.store, "helsinki"):
        assert f'href="/referrals/{waiting.referral_id}"' in page.text
