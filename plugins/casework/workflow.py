"""The path of a case through its phases: the programme's default, and a city's own steps, names and rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from core.toolkit import N_, Guard, StartupError, WorkflowStep, refusals, steps_with

NAME = "casework.case"

PHASES = (N_("first_contact"), N_("screening"), N_("assessment"), N_("support_plan"), N_("active_support"),
          N_("reintegration"), N_("closed"), N_("follow_up"))

# Forward one step, back to plan or assess again while support runs, closed from any open phase (not
# suitable, withdrawn, lost contact), and follow-up only after closure.
NEXT_PHASES = {
    "first_contact": ("screening", "closed"),
    "screening": ("assessment", "closed"),
    "assessment": ("support_plan", "closed"),
    "support_plan": ("active_support", "assessment", "closed"),
    "active_support": ("reintegration", "support_plan", "assessment", "closed"),
    "reintegration": ("active_support", "closed"),
    "closed": ("follow_up",),
    "follow_up": ("active_support", "closed"),
}


@dataclass(frozen=True)
class Workflow:
    """The phases a city's cases go through, the moves allowed between them, their names and the city's rules."""

    steps: tuple[str, ...] = PHASES
    moves: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(NEXT_PHASES))
    labels: Mapping[str, str] = field(default_factory=dict)  # a city's own name for a step, shown instead
    guards: tuple[Guard, ...] = ()

    def next_steps(self, phase: str) -> tuple[str, ...]:
        """Where a case in `phase` may go."""
        return self.moves.get(phase, ())

    def label(self, step: str) -> str:
        """What a page calls a step: the city's own name for it, else the step's name in the user's language."""
        from core.toolkit import gettext
        return str(self.labels.get(step) or gettext(step))

    def refusals(self, facts: Mapping[str, Any], phase: str) -> list[str]:
        """Why the city's rules refuse moving a case with these facts to `phase` (empty: they do not)."""
        return refusals(self.guards, facts, phase)


DEFAULT = Workflow()


def with_city_steps(added: list[WorkflowStep], guards: list[Guard] = ()) -> Workflow:
    """The default workflow with a city's steps: a step naming an existing one renames it, a new one is
    placed after the step it names and leads on wherever that step led."""
    labels, new = {}, []
    for step in added:
        if step.name in PHASES:
            if step.after:
                raise StartupError(f"workflow step {step.name!r} exists already; to rename it, leave 'after' empty")
            labels[step.name] = step.label
        else:
            new.append(step)
            labels[step.name] = step.label
    steps = steps_with(PHASES, new)
    moves = dict(NEXT_PHASES)
    for step in new:  # in the order they were placed, so a step may follow another added one
        before = moves[step.after]
        onward = tuple(s for s in before if s != "closed" and steps.index(s) > steps.index(step.after))
        moves[step.after] = (step.name, *(s for s in before if s not in onward))
        moves[step.name] = (*onward, "closed")
    return Workflow(steps, moves, labels, tuple(guards))


def workflow_of(hooks) -> Workflow:
    """The workflow of the city whose hooks these are."""
    added = [step for answer in hooks.workflow_steps(workflow=NAME) for step in answer]
    guards = [guard for answer in hooks.workflow_guards(workflow=NAME) for guard in answer]
    return with_city_steps(added, guards) if added or guards else DEFAULT
