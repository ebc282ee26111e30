"""The core's own answers to its hooks, registered first so that plugins can override them."""

from core.hookspecs import hookimpl


@hookimpl
def retention_policies(city):
    # Finnish social-welfare practice: 10 years after closure for adults, 30 where children are involved.
    return {"individual": 10, "anonymous": 10, "consultation": 10, "family": 30}


@hookimpl
def projections():
    from core.access import AccessRegister
    from core.auth.projections import Accounts
    return [Accounts(), AccessRegister()]
