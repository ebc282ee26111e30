"""Casework's hook implementations; the work lives in domain, service, projections and views."""

from core.toolkit import can, current_store, hookimpl, lazy_gettext

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
    return [(lazy_gettext("Caseload"), "casework.caseload")] if can("casework.view_case") else []


@hookimpl
def dashboard_widgets(account):
    if not can("casework.view_case"):
        return []
    from plugins.casework.queries import open_case_count
    return [("casework/widget.html", {"count": open_case_count(current_store(), account)})]


@hookimpl
def locate_record(record_id):
    from flask import url_for

    from plugins.casework.queries import city_of_case
    city = city_of_case(current_store(), record_id)
    return (city, url_for("casework.case", case_id=record_id), "casework.view_case") if city else None


@hookimpl
def demo_data(store, city, users):
    from plugins.casework.demo import add_demo_cases
    add_demo_cases(store, city, users)
