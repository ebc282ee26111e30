"""What the auditors' lists take from the query string alike: a range of days."""

from __future__ import annotations

from datetime import date

from core.days import FIRST_DAY, LAST_DAY
from core.web.i18n import lazy_gettext as _l


def read_days(args, errors: dict) -> tuple[date | None, date | None]:
    """The days `from` and `to` (either may be left out), noting a message per bad field in `errors`."""
    days = {}
    for name in ("from", "to"):
        if text := args.get(name, "").strip():
            try:
                day = date.fromisoformat(text)
            except ValueError:
                errors[name] = [_l("Give a date as YYYY-MM-DD.")]
                continue
            if FIRST_DAY <= day <= LAST_DAY:  # a day after 9999-12-30 has no next day to end the range at
                days[name] = day
            else:
                errors[name] = [_l("Give a date from 1900 to 2099.")]
    if "from" in days and "to" in days and days["from"] > days["to"]:
        errors["to"] = [_l("The end comes before the start.")]
    return days.get("from"), days.get("to")
