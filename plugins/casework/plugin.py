"""Casework's hook implementations; the work lives in domain, service, projections and views."""

from core.hookspecs import hookimpl

__version__ = "0.1.0"
requires = ()


@hookimpl
def projections():
    from plugins.casework.projections import CaseList
    return [CaseList()]


@hookimpl
def permissions():
    return {
        "casework.view_case": ("exit_worker", "city_coordinator"),
        "casework.open_case": ("exit_worker", "city_coordinator"),
        "casework.record_meeting": ("exit_worker", "city_coordinator"),
    }


@hookimpl
def blueprints():
    from plugins.casework.views import bp
    return [bp]


@hookimpl
def api_blueprints():
    from plugins.casework.rest import blp
    return [blp]


@hookimpl
def navigation(account):
    from core.web.guard import can
    from core.web.i18n import lazy_gettext as _l
    return [(_l("Caseload"), "casework.caseload")] if can("casework.view_case") else []


@hookimpl
def dashboard_widgets(account):
    from core.web.guard import can
    if not can("casework.view_case"):
        return []
    from plugins.casework.queries import open_case_count
    return [("casework/widget.html", {"count": open_case_count(account)})]


@hookimpl
def locate_record(record_id):
    from plugins.casework.queries import locate_case
    return locate_case(record_id)


@hookimpl
def demo_data(store, city, users):
    from plugins.casework.demo import add_demo_cases
    add_demo_cases(store, city, users)
