"""Code values that templates show through _(value): listed here only so that `pybabel extract` finds them.

Nothing imports this module. Templates translate stored values dynamically, e.g. {{ _(row.phase) }}, and
extraction cannot see such msgids; without this list `pybabel update` would mark them obsolete. When a
kind, phase, channel, meeting mode or role is added, add it here, re-extract, and translate it in fi, sv
and en (the en catalog maps these code-like msgids to readable English).
tests/core/web/test_languages.py checks that every value has a translation in every catalog.
"""


def N_(message: str) -> str:
    """Mark a message for extraction without translating it."""
    return message


# plugins/casework/domain.py: KINDS (note: "family" is also a contact channel)
KINDS = (N_("individual"), N_("family"), N_("anonymous"), N_("consultation"))

# plugins/casework/domain.py: PHASES
PHASES = (N_("first_contact"), N_("screening"), N_("assessment"), N_("support_plan"), N_("active_support"),
          N_("reintegration"), N_("closed"), N_("follow_up"))

# plugins/casework/domain.py: CHANNELS (how contact came; "phone" is also a meeting mode)
CHANNELS = (N_("phone"), N_("email"), N_("messaging"), N_("self"), N_("family"), N_("agency"))

# plugins/casework/domain.py: MEETING_MODES
MEETING_MODES = (N_("in_person"), N_("phone"), N_("online"), N_("in_prison"))

# core/auth/roles.py: ROLES, and "operator", the role of `exitfi` command-line actions in the log
ROLES = (N_("exit_worker"), N_("city_coordinator"), N_("national_coordinator"), N_("auditor"), N_("trainer"),
         N_("network_manager"), N_("administrator"), N_("operator"))
