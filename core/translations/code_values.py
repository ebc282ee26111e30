"""The core's code values that templates show through _(value): listed so that `pybabel extract` finds them.

Nothing imports this module. Templates translate stored values dynamically, e.g. {{ _(entry.role) }}, and
extraction cannot see such msgids. A plugin marks its own code values with `N_` where it defines them
(plugins/casework/domain.py) and ships them in its own catalog.
tests/test_languages.py checks that every catalog translates its code values (found by the N_ keyword).
"""

from core.toolkit import N_

# core/auth/roles.py: ROLES, and "operator", the role of `exitfi` command-line actions in the log
ROLES = (N_("exit_worker"), N_("city_coordinator"), N_("national_coordinator"), N_("auditor"), N_("trainer"),
         N_("network_manager"), N_("administrator"), N_("operator"),
         N_("data_protection_officer"))

# core/auth/throttle.py: LIMITS, what the sign-in attempts are counted by
THROTTLE_KINDS = (N_("address"), N_("username"), N_("token"))

# core/web: the purposes the access log records for the core's pages ("core" when no plugin serves the page)
PURPOSES = (N_("core"), N_("emergency access"), N_("erasure requests (GDPR Art. 17)"),
            N_("access request (GDPR Art. 15)"), N_("access request (GDPR Art. 15): finding the person"))

# core/vault.py: CATEGORIES, the categories of personal data (the register of processing shows them)
CATEGORIES = (N_("identity"), N_("contact"), N_("health"), N_("beliefs"), N_("criminal"), N_("note"),
              N_("credential"))
