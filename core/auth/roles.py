"""The roles of the programme and the scope of records each one sees."""

from __future__ import annotations

ROLES = {
    "exit_worker": "own",              # the cases they are assigned to
    "city_coordinator": "city",        # every case of their city
    "trainer": "city",
    "network_manager": "city",
    "administrator": "city",           # users and configuration, no case content by this role alone
    "national_coordinator": "national",  # anonymised figures across cities
    "auditor": "national",             # the log and the access log
}
NATIONAL_ROLES = {"national_coordinator", "auditor"}
ALL_ROLES = tuple(ROLES)


def scope_of(roles) -> str:
    """Return the widest scope among a user's roles: own < city < national."""
    order = {"own": 0, "city": 1, "national": 2}
    return max((ROLES[r] for r in roles if r in ROLES), key=order.get, default="own")
