"""Turku's hook implementations: local rules, fields and reports."""

from core.toolkit import N_, hookimpl, lazy_gettext
from plugins.casework.api import CaseKind

__version__ = "0.1.0"
plugin_api = ">=1,<2"
requires = ("casework",)

RETURNEE = N_("returnee")


@hookimpl
def case_kinds():
    # Turku coordinates the work with people who came back from conflict zones, and with their families.
    return [CaseKind(RETURNEE, lazy_gettext("Returnee from a conflict zone"))]


@hookimpl
def retention_policies(city):
    # Returnee cases nearly always involve children: kept as long as child-welfare records.
    return {RETURNEE: 30}
