"""What the referrals' aggregates share: how text is checked and refusals are raised."""

from __future__ import annotations

from datetime import date

from core.toolkit import ValidationError

MAX_NAME = 200
MAX_TEXT = 4000


def text(errors: dict, field: str, value, limit: int = MAX_TEXT, required: bool = True) -> str:
    """The text stripped; `errors` names the field when it is missing or too long."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = ["must be text"]
        return ""
    value = value.strip()
    if required and not value:
        errors[field] = ["required"]
    elif len(value) > limit:
        errors[field] = [f"at most {limit} characters"]
    return value


def one_of(errors: dict, field: str, value, allowed) -> str:
    if value not in allowed:
        errors[field] = [f"must be one of {', '.join(allowed)}"]
    return value


def day(errors: dict, field: str, value, today: date) -> date:
    """A day that has come (not in the future)."""
    if not isinstance(value, date):
        errors[field] = ["give the date as YYYY-MM-DD"]
    elif value > today:
        errors[field] = ["a day that has come, not one ahead"]
    return value


def refuse(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)
