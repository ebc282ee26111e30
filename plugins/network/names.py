"""The OrganisationName aggregate: a name of the directory, held by one organisation at a time."""

from __future__ import annotations

import uuid

from core.toolkit import Aggregate, ValidationError, event
from plugins.network.domain import NAMESPACE, name_key

TAKEN = "an organisation of this name is already in the directory"


def name_id_for(name: str) -> uuid.UUID:
    """The id of the claim on a name, as the directory compares names."""
    return OrganisationName.create_id(name_key(name))


class OrganisationName(Aggregate):
    """A name as the directory compares it, and the organisation holding it; a rename releases the old name.

    Its events are recorded with the organisation's, so two organisations never hold one name: a second claim
    collides on the log's key (new name) or on the claim's version (a released name), which is a conflict.
    """

    class Claimed(Aggregate.Created):
        key: str
        holder: str

    class Reclaimed(Aggregate.Event):
        holder: str

    class Released(Aggregate.Event):
        holder: str

    @classmethod
    def create_id(cls, key: str, **_) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, "name:" + key)

    @classmethod
    def first_claim(cls, name: str, holder: uuid.UUID) -> OrganisationName:
        """Claim a name no organisation ever held."""
        return cls(key=name_key(name), holder=holder.hex)

    @event(Claimed)
    def __init__(self, key: str, holder: str):
        self.key, self.holder, self.claims = key, holder, 1

    def claim(self, holder: uuid.UUID) -> None:
        """Give a released name to another organisation (or back to the one that held it)."""
        if self.holder is not None:
            raise ValidationError({"name": [TAKEN]})
        self._reclaimed(holder=holder.hex)

    @event(Reclaimed)
    def _reclaimed(self, holder):
        self.holder, self.claims = holder, self.claims + 1

    def release(self, holder: uuid.UUID) -> None:
        """Let the name go when its organisation is renamed."""
        if self.holder != holder.hex:
            raise ValidationError({"name": ["the organisation does not hold this name"]})
        self._released(holder=holder.hex)

    @event(Released)
    def _released(self, holder):
        self.holder = None

    def next_holder_id(self) -> uuid.UUID:
        """The id of the next organisation registered under this released name: one for each claim, never reused."""
        return uuid.uuid5(NAMESPACE, f"{self.key}#{self.claims + 1}")

