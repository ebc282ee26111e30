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
    "data_protection_officer": "national",  # the register of processing; a person's access and erasure requests
}
NATIONAL_ROLES = {role for role, scope in ROLES.items() if scope == "national"}  # they hold no city
ALL_ROLES = tuple(ROLES)

