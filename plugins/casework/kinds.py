"""The kinds of case a city offers: the programme's own and those the city adds through ``case_kinds``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plugins.casework.domain import KINDS

NAME = re.compile(r"[a-z][a-z_]{0,19}")


@dataclass(frozen=True)
class Kinds:
    """A city's case kinds in the order the pages list them, with the names the city gives its own."""

    names: tuple[str, ...] = KINDS
    labels: dict = field(default_factory=dict)

    def label(self, kind: str) -> str:
        """What a page calls a kind: the city's name for its own kind, else the kind in the user's language."""
        from core.toolkit import gettext
        return str(self.labels.get(kind) or gettext(kind))


DEFAULT = Kinds()


def kinds_of(hooks) -> Kinds:
    """The kinds of the city whose hooks these are."""
    added = [kind for answer in hooks.case_kinds() for kind in answer]
    if not added:
        return DEFAULT
    return Kinds(KINDS + tuple(k.name for k in added if k.name not in KINDS), {k.name: k.label for k in added})


def problems(hooks, periods: dict) -> list[str]:
    """What is wrong with the kinds a city adds: a malformed or repeated name, or one without a retention period."""
    found, seen = [], set(KINDS)
    for kind in (k for answer in hooks.case_kinds() for k in answer):
        if not isinstance(kind.name, str) or not NAME.fullmatch(kind.name):
            found.append(f"case kind {kind.name!r} must be lower-case letters and _ (at most 20)")
        elif kind.name in seen:
            found.append(f"case kind {kind.name!r} is offered twice")
        elif kind.name not in periods:
            found.append(f"case kind {kind.name!r} has no retention period; answer retention_policies for it")
        seen.add(kind.name)
    return found
