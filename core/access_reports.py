"""Access reports handed to a person: each one recorded with what was withheld from it and why."""

from __future__ import annotations

import uuid

from core.errors import ValidationError
from core.events import Actor, Aggregate, event
from core.vault import Personal
from core.web.i18n import lazy_gettext

FORMATS = ("page", "html", "json")  # a printable page, an HTML file to hand over, the JSON of it
MIN_REASON = 10
MAX_REASON = 2000


class AccessReport(Aggregate):
    """One access report issued to a person by the data-protection officer."""

    class Issued(Aggregate.Created):
        person_id: str
        format: str
        parts: list        # every part the report had
        withheld: list     # [{"part": str, "reason": Personal}]: the reasons may speak of the person

    @event(Issued)
    def __init__(self, person_id: str, format: str, parts: list, withheld: list):
        self.person_id = person_id
        self.withheld = withheld

    @classmethod
    def issue(cls, person_id: uuid.UUID, format: str, parts: list[str], withheld: dict[str, str]) -> AccessReport:
        """Issue a report; a withheld part must be one of the report's and give its reason."""
        errors: dict[str, list] = {}
        if format not in FORMATS:
            errors["format"] = [lazy_gettext("Choose a page, an HTML file or JSON.")]
        for part, reason in withheld.items():
            if part not in parts:
                errors[f"reason:{part}"] = [lazy_gettext("The report has no such part.")]
            elif len((reason or "").strip()) < MIN_REASON:
                errors[f"reason:{part}"] = [lazy_gettext(
                    "Say why this part is withheld, in at least %(count)s characters.", count=MIN_REASON)]
            elif len(reason) > MAX_REASON:
                errors[f"reason:{part}"] = [lazy_gettext("At most %(count)s characters.", count=MAX_REASON)]
        if errors:
            raise ValidationError(errors)
        return cls(person_id=person_id.hex, format=format, parts=list(parts),
                   withheld=[{"part": part, "reason": Personal(person_id, "note", reason.strip())}
                             for part, reason in sorted(withheld.items())])


def issue_report(store, actor: Actor, person_id: uuid.UUID, format: str, parts: list[str],
                 withheld: dict[str, str]) -> uuid.UUID:
    """Record that a person's report was issued, with the parts withheld and why; return its id."""
    report = AccessReport.issue(person_id, format, parts, withheld)
    with store.acting(actor, reason="access request (GDPR Art. 15)"):
        store.save(report)
    return report.id
