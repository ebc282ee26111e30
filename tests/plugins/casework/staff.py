"""Accounts for tests on a bare store: a contact's workers must be staff of the case's city."""

from __future__ import annotations

from core.auth.service import register_user
from core.defaults import projections as core_projections
from core.demo import SETUP_ACTOR
from core.testing import PASSWORD


def with_accounts(*projections) -> list:
    """The core's read models (the accounts among them) and the given ones."""
    return [*core_projections(), *projections]


def register_staff(store, *actors) -> None:
    """Register each actor's account in its city with its role."""
    for actor in actors:
        register_user(store, SETUP_ACTOR, actor.user_id, actor.user_id, PASSWORD, actor.city, roles=[actor.role])
