"""The directory as CSV: an export that imports into an empty instance to the same directory, and an import that
checks every row against the Organisation aggregate's own rules and records all of it or nothing.

One row per service; an organisation without services has one row with the service columns empty. Cities and
languages are codes separated by spaces. Reasons and the history of changes are not part of the file: an
imported organisation's history starts with its import. Services are written in the order they were added, so
an imported organisation numbers them alike: an organisation never renamed keeps its id (the first holder of
its name) and its services theirs; a renamed one is matched by its name and gets the id of its name's first
holder on the new instance.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import marshmallow as ma

from core.toolkit import ExitfiError, Text, ValidationError, finnish_today, lazy_gettext
from plugins.network import service
from plugins.network.domain import SERVICE_TWICE, STATUSES, Organisation, name_key
from plugins.network.names import TAKEN
from plugins.network.projections import unlisted
from plugins.network.queries import organisation_list

COLUMNS = ("organisation", "type", "cities", "joined_on", "left_on", "status",
           "service", "category", "service_cities", "eligibility", "how_to_refer", "languages", "service_status")
ORGANISATION_COLUMNS = COLUMNS[:6]
SERVICE_STATUSES = ("offered", "withdrawn")
IMPORTED = "as in the imported directory"
# Where the aggregate names a field of a service, the file has a column of its own.
SERVICE_FIELDS = {"name": "service", "cities": "service_cities", "status": "organisation"}
ORGANISATION_FIELDS = {"name": "organisation", "on": "joined_on", "membership": "joined_on"}


# What a page says of a column the Organisation aggregate refused (the command line adds the rule's own words).
HINTS = {
    "organisation": lazy_gettext("Give the organisation's name, at most 200 characters."),
    "type": lazy_gettext("Give an organisation type code, as an exported file has it."),
    "cities": lazy_gettext("Give the codes of the deployment's cities, separated by spaces."),
    "joined_on": lazy_gettext("Give a day as YYYY-MM-DD, not after today: an organisation leaves only after it "
                              "joined, on or after the day it joined."),
    "status": lazy_gettext("Give active or inactive."),
    "service": lazy_gettext("Give the service's name, at most 200 characters."),
    "category": lazy_gettext("Give a service category code, as an exported file has it."),
    "service_cities": lazy_gettext("Give the codes of cities the organisation covers, separated by spaces."),
    "eligibility": lazy_gettext("Say who the service is for, at most 2000 characters."),
    "how_to_refer": lazy_gettext("Say how to refer to the service, at most 2000 characters."),
    "languages": lazy_gettext("Give at least one language code, separated by spaces."),
    "service_status": lazy_gettext("Give offered or withdrawn."),
}
HINTS["left_on"] = HINTS["joined_on"]
UNSTORABLE = lazy_gettext("The cell holds characters that cannot be stored (control characters).")


@dataclass(frozen=True)
class Problem:
    """One refused value of the file: its line (the header is line 1), its column and what is wrong.

    `message` is translated where it is shown; `detail` is the refusing rule's own words, for the command line.
    """

    line: int
    field: str
    message: object
    detail: str = ""

    def __str__(self) -> str:
        return f"line {self.line}, {self.field}: {self.detail or self.message}"


class ImportRefused(ExitfiError):
    """The file was refused, and nothing of it imported; `problems` says every line and field that is wrong."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s) in the file; nothing was imported")


def export_directory(store) -> str:
    """The whole directory as CSV text, organisations by name, each one's services in the order they were added."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for org in organisation_list(store):
        head = [org.name, org.type, " ".join(unlisted(org.cities)), _day(org.joined_on), _day(org.left_on),
                org.status]
        # in the order they were added, so that an import numbers them, and so gives them their ids, alike
        offered = list(store.get(org.organisation_id).services.values())
        for s in offered:
            writer.writerow(map(_quoted, [*head, s.name, s.category, " ".join(s.cities), s.eligibility,
                                          s.how_to_refer, " ".join(s.languages),
                                          "offered" if s.active else "withdrawn"]))
        if not offered:
            writer.writerow(map(_quoted, [*head, *[""] * (len(COLUMNS) - len(head))]))
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula; the export prefixes such a cell (and
# one already starting with quotes before them) with a quote, which the import takes off again.
FORMULA = re.compile(r"^'*[=+\-@\t\r]")


def _quoted(cell: str) -> str:
    return "'" + cell if FORMULA.match(cell) else cell


def _unquoted(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and FORMULA.match(cell) else cell


def _day(value) -> str:
    return value.isoformat() if value else ""


def import_directory(store, actor, text: str, known_cities: Iterable[str], today: date | None = None) -> int:
    """Import a CSV directory; return how many organisations it registered, or raise ImportRefused."""
    organisations, problems = _read(store, text, tuple(known_cities), today or finnish_today())
    if problems:
        raise ImportRefused(problems)
    with store.acting(actor, reason="directory imported from a CSV file"):
        for organisation, claim in organisations:
            store.save(organisation, claim)
    return len(organisations)


def _read(store, text: str, known_cities: tuple[str, ...], today: date):
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != COLUMNS:
        return [], [Problem(1, "header", lazy_gettext("The columns must be exactly: %(columns)s",
                                                      columns=",".join(COLUMNS)))]
    problems: list[Problem] = []
    built: dict = {}        # name key -> (organisation or a stand-in, its name's claim or None, its columns, line)
    line = 1
    for row in reader:
        start, line = line + 1, reader.line_num
        if None in row or any(v is None for v in row.values()):
            problems.append(Problem(start, "row", lazy_gettext("A row has exactly %(count)s columns.",
                                                               count=len(COLUMNS))))
            continue
        row = {k: _unquoted(v.strip()) for k, v in row.items()}
        if _unstorable(row, start, problems):
            continue
        key = name_key(row["organisation"])
        if key in built:
            organisation, _claim, first, first_line = built[key]
            for column in ORGANISATION_COLUMNS[1:]:
                if row[column] != first[column]:
                    problems.append(Problem(start, column, lazy_gettext(
                        "Differs from line %(line)s, the organisation's first.", line=first_line)))
        else:
            organisation, claim = _organisation(store, row, start, known_cities, problems)
            built[key] = (organisation, claim, row, start)
        if row["service"] or any(row[c] for c in COLUMNS[7:]):
            _service(organisation, row, start, problems)
    for organisation, _claim, row, start in built.values():
        _membership_and_status(organisation, row, start, problems, today)
    return [(organisation, claim) for organisation, claim, _row, _line in built.values()], problems


CELL = Text()  # the API's own check: control characters (NUL above all, which PostgreSQL cannot store) refused


def _unstorable(row: dict, start: int, problems: list) -> bool:
    """Whether a cell of the row holds characters no record may hold (each such cell is reported)."""
    found = False
    for column, value in row.items():
        try:
            CELL.deserialize(value)
        except ma.ValidationError as e:
            problems.append(Problem(start, column, UNSTORABLE, " ".join(map(str, e.messages))))
            found = True
    return found


def _refusals(e: ValidationError, start: int, names: dict) -> list[Problem]:
    return [Problem(start, column, HINTS.get(column, lazy_gettext("Check this value.")), " ".join(map(str, messages)))
            for column, messages in ((names.get(field, field), messages) for field, messages in e.messages.items())]


def _organisation(store, row, start, known_cities, problems):
    """The organisation of the row with the claim on its name; when refused, a stand-in (and the problems) that
    checks the row's other columns all the same, so that every wrong value is reported at once."""
    claim = organisation = None
    try:
        claim, organisation_id = service.claim_name(store, row["organisation"])
    except ValidationError:
        problems.append(Problem(start, "organisation", lazy_gettext(
            "An organisation of this name is already in the directory."), TAKEN))
    try:
        if claim is not None:
            organisation = Organisation.register(row["organisation"], row["type"], row["cities"].split(),
                                                 known_cities, organisation_id)
    except ValidationError as e:
        problems.extend(_refusals(e, start, ORGANISATION_FIELDS))
    if organisation is None:
        covered = [c for c in row["cities"].split() if c in known_cities] or list(known_cities)
        return Organisation.register("stand-in", "other", covered, known_cities), None
    return organisation, claim


def _service(organisation, row, start, problems):
    if row["service_status"] not in SERVICE_STATUSES:
        problems.append(Problem(start, "service_status", HINTS["service_status"],
                                f"must be one of {', '.join(SERVICE_STATUSES)}"))
    try:
        organisation.add_service(row["service"], row["category"], row["service_cities"].split(),
                                 row["eligibility"], row["how_to_refer"], row["languages"].split(),
                                 withdrawn=IMPORTED if row["service_status"] == "withdrawn" else None)
    except ValidationError as e:
        refused = _refusals(e, start, SERVICE_FIELDS)
        if SERVICE_TWICE in e.messages.get("name", ()):
            refused = [p for p in refused if p.field != "service"] + [Problem(start, "service", lazy_gettext(
                "The same service appears twice; give each service once."), SERVICE_TWICE)]
        problems.extend(refused)


def _membership_and_status(organisation, row, start, problems, today):
    """Check the days and the status each on its own; apply the membership only when both days are days."""
    days = {}
    for column in ("joined_on", "left_on"):
        try:
            days[column] = date.fromisoformat(row[column]) if row[column] else None
        except ValueError:
            problems.append(Problem(start, column, HINTS[column], "a day as YYYY-MM-DD"))
    if row["status"] not in STATUSES:
        problems.append(Problem(start, "status", HINTS["status"], f"must be one of {', '.join(STATUSES)}"))
    if len(days) == 2:
        try:
            if days["left_on"] and not days["joined_on"]:
                raise ValidationError({"left_on": ["an organisation leaves only after it joined"]})
            if days["joined_on"]:
                organisation.join_network(days["joined_on"], today)
            if days["left_on"]:
                organisation.leave_network(days["left_on"], IMPORTED, today)
        except ValidationError as e:
            problems.extend(_refusals(e, start, {"on": "left_on" if days["left_on"] else "joined_on",
                                                  "membership": "joined_on"}))
    try:
        if row["status"] == "inactive":
            organisation.change_status("inactive", IMPORTED, today)
    except ValidationError as e:
        problems.extend(_refusals(e, start, {}))
