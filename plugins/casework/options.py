"""A city's casework options in the configuration file, checked once at start-up."""

from __future__ import annotations

from plugins.casework.domain import FOLLOW_UP_MONTHS

MAX_FOLLOW_UP_MONTHS = 60


def follow_up_months(city) -> tuple[int, ...]:
    """The months after closure at which a city reviews a closed case (``follow_up_months``, else 3, 6 and 12)."""
    months = city.options.get("follow_up_months") if city else None
    return tuple(sorted(set(months))) if months else FOLLOW_UP_MONTHS


def rating_requires_training(city) -> tuple[str, ...]:
    """The instruments only staff trained in them may rate in a city (``rating_requires_training``, else none)."""
    return tuple((city.options.get("rating_requires_training") or ()) if city else ())


def problems(city, hooks=None) -> list[str]:
    """What is wrong with the casework options of a city's configuration (and the plugin answers they need)."""
    found = []
    months = city.options.get("follow_up_months")
    if months is not None and not (
            isinstance(months, list) and months
            and all(isinstance(m, int) and not isinstance(m, bool) and 0 < m <= MAX_FOLLOW_UP_MONTHS for m in months)):
        found.append(f"follow_up_months must be a list of months after closure, each from 1 to {MAX_FOLLOW_UP_MONTHS}"
                     f" (for example [3, 6, 12]), not {months!r}")
    approval = city.options.get("assessment_approval")
    if approval is not None and not isinstance(approval, bool):
        found.append(f"assessment_approval must be true or false, not {approval!r}")
    trained = city.options.get("rating_requires_training")
    if trained is not None and not (isinstance(trained, list) and all(isinstance(i, str) and i for i in trained)):
        found.append(f"rating_requires_training must be a list of instrument names, not {trained!r}")
    elif trained and hooks is not None:
        offered = {i.name for answer in hooks.assessment_instruments() for i in answer}
        unknown = sorted(set(trained) - offered)
        if unknown:
            found.append(f"rating_requires_training names {', '.join(unknown)}, which the city does not offer")
        elif not hooks.trained_in.get_hookimpls():
            found.append("rating_requires_training needs a plugin that records instrument training (training)")
    return found
