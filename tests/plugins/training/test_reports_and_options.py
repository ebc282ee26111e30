"""Small counts hidden in the training reports (and the hidden ones not worked back from totals); the city's
training options checked at start-up."""

from __future__ import annotations

from collections import namedtuple
from dataclasses import replace

import pytest

from core.errors import StartupError
from core.plugins import PluginHost
from core.testing import settings_for
from plugins.training.reports import SMALL, as_csv, feedback_by_city, figures, suppress_table

Answer = namedtuple("Answer", "city usefulness knowledge_before knowledge_after")


def test_a_small_count_is_hidden_and_so_is_the_next_smallest_of_its_line():
    counts = {("education", "helsinki"): 12, ("education", "turku"): 3, ("police", "helsinki"): 7,
              ("police", "turku"): 9}
    shown = suppress_table(counts, ("education", "police"), ("helsinki", "turku"))
    assert shown["education", "turku"] is None  # 3 < 5
    # Else 3 = the education total 15 - 12, or the Turku total 12 - 9: every line hiding one value hides another.
    rows, cols = ("education", "police", None), ("helsinki", "turku", None)
    for line in [[(r, c) for c in cols] for r in rows] + [[(r, c) for r in rows] for c in cols]:
        assert sum(shown[key] is None for key in line) != 1, line
    assert shown[None, None] == 31  # the grand total gives nothing away


def test_nothing_is_hidden_when_every_count_is_large_enough_or_zero():
    counts = {("education", "helsinki"): 5, ("police", "helsinki"): 0}
    shown = suppress_table(counts, ("education", "police"), ("helsinki",))
    assert shown == {("education", "helsinki"): 5, ("police", "helsinki"): 0, ("education", None): 5,
                     ("police", None): 0, (None, "helsinki"): 5, (None, None): 5}


def test_feedback_figures_are_shown_from_five_answers_and_a_lone_hidden_city_hides_the_total():
    four = [Answer("turku", 5, 1, 5)] * (SMALL - 1)
    five = [Answer("helsinki", 4, 2, 3)] * SMALL
    assert figures(four).usefulness is None and figures(four).answers is None
    assert (figures(five).answers, figures(five).usefulness, figures(five).gain) == (5, 4.0, 1.0)
    by_city, total = feedback_by_city(four + five, ("helsinki", "turku"))
    assert by_city["helsinki"].usefulness == 4.0 and by_city["turku"].usefulness is None
    assert total.usefulness is None  # else Turku's average = (total * 9 - Helsinki's * 5) / 4
    by_city, total = feedback_by_city(five, ("helsinki", "turku"))
    assert total.usefulness == 4.0 and by_city["turku"].answers == 0


def test_a_csv_value_that_would_run_as_a_formula_is_quoted():
    Row = namedtuple("Row", "title")
    assert as_csv(("title",), [Row("=HYPERLINK(1)"), Row("Plain")]).splitlines() == ["title", "'=HYPERLINK(1)",
                                                                                       "Plain"]


def _host(**options):
    settings = settings_for("sqlite://")
    turku = settings.cities["turku"]
    settings.cities["turku"] = replace(turku, options={**turku.options, **options})
    return PluginHost(settings)


@pytest.mark.parametrize("options, problem", [
    ({"training_retention_months": 0}, "training_retention_months must be a whole number of months from 1 to 60"),
    ({"training_retention_months": "a year"}, "training_retention_months must be a whole number of months"),
    ({"training_small_count": 3}, "training_small_count must be a whole number from 5 to 20"),
])
def test_a_citys_bad_training_option_stops_the_start_with_one_line(options, problem):
    with pytest.raises(StartupError) as stopped:
        _host(**options)
    assert str(stopped.value).startswith(f"city turku: {problem}")
    assert "\n" not in str(stopped.value)


def test_a_citys_own_retention_starts():
    _host(training_retention_months=6, training_small_count=10)
