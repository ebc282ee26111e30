"""Casework's hook implementations; the work lives in domain, service and projections."""

from core.hookspecs import hookimpl

__version__ = "0.1.0"
requires = ()


@hookimpl
def projections():
    from plugins.casework.projections import CaseList
    return [CaseList()]


@hookimpl
def demo_data(store, city, users):
    from plugins.casework.demo import add_demo_cases
    add_demo_cases(store, city, users)
