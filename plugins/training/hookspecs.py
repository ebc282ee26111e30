"""The hooks training offers: where the organisations that ask for training come from, without training knowing
the plugin that keeps them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.toolkit import hookspec

if TYPE_CHECKING:
    from core.toolkit import Store


@hookspec
def training_organisations(store: Store, city: str) -> list[tuple[str, str]]:
    """Return the organisations a training request or a participant may be chosen from, as ``(id, name)``.

    Called through the city's manager whenever a training form is shown or sent; every answer is
    collected. The network plugin answers with the active organisations of its directory that
    cover the city; where no plugin answers, the organisation is typed in. A chosen id must be one
    answered here, or the input is refused.

    :param store: the deployment's store.
    :param city: the city whose organisations are asked for.
    """
