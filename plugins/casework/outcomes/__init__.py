"""Outcome measures: the same few measures at baseline, reviews and closure, shown as change over time."""
