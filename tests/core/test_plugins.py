"""The plugin host: entry points, per-city sets, requirements, hooks documented and tested."""

from __future__ import annotations

import inspect
import re
import sys
import types
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet
from packaging.version import Version

from core import hookspecs
from core.config import CitySettings
from core.errors import StartupError
from core.hookdocs import specs_of
from core.hookspecs import hookimpl
from core.plugins import PLUGIN_API, PluginHost, PluginInfo, discover
from core.processing import retention_periods
from core.projections import Projection
from tests.cli import run
from tests.core import specimen


def settings_with(**cities):
    from core.config import Settings
    return Settings(
        instance_dir=Path("."), database_url="sqlite://", master_key=b"m" * 32, seal_key=b"s" * 32,
        secret_key=b"x" * 32, environment="development",
        cities={slug: CitySettings(slug, slug.title(), "fi", tuple(plugins)) for slug, plugins in cities.items()},
    )


def plugin(name, requires=(), **hooks):
    module = types.ModuleType(f"fake_{name}")
    module.requires = requires
    for hook_name, fn in hooks.items():
        setattr(module, hook_name, hookimpl(fn))
    return PluginInfo(name, module, "9.9", tuple(requires))


def distribution(site, name: str, entry_points: str) -> None:
    """Install a distribution's metadata in a folder on sys.path, as pip would, with its entry points."""
    info = site / f"{name}-1.2.3.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.2.3\n")
    (info / "entry_points.txt").write_text(entry_points)


def test_plugins_are_found_through_entry_points(tmp_path, monkeypatch):
    distribution(tmp_path, "exitfi_specimen", "[exitfi.test]\nspecimen = tests.core.specimen.plugin\n"
                                                "versionless = tests.core.specimen.versionless\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    found = discover("exitfi.test")
    assert set(found) == {"specimen", "versionless"}
    assert (found["specimen"].module, found["specimen"].version, found["specimen"].requires) == (
        specimen.info().module, "0.1.0", ())
    assert found["versionless"].version == "1.2.3"  # no __version__: the distribution's


def test_a_plugin_that_fails_to_import_names_itself(tmp_path, monkeypatch):
    distribution(tmp_path, "exitfi_broken", "[exitfi.test]\nbroken = tests.core.no_such_module\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(StartupError) as err:
        discover("exitfi.test")
    assert str(err.value).startswith("plugin 'broken' (tests.core.no_such_module) failed to import: ")
    assert "\n" not in str(err.value)


def test_hook_retention_policies_per_city_manager_city_plugins_answer_first():
    feature = plugin("feature", retention_policies=lambda city: {"single": 10, "family": 30})
    helsinki = plugin("city_helsinki", retention_policies=lambda city: {"family": 25})
    settings = settings_with(helsinki=["feature", "city_helsinki"], turku=["feature"])
    host = PluginHost(settings, {"feature": feature, "city_helsinki": helsinki})
    assert host.hook("helsinki").retention_policies(city=None) == [{"family": 25}, {"single": 10, "family": 30}]
    assert retention_periods(host, settings.cities["helsinki"]) == {"family": 25, "single": 10}
    assert retention_periods(host, settings.cities["turku"]) == {"family": 30, "single": 10}
    assert host.enabled("helsinki", "city_helsinki") and not host.enabled("turku", "city_helsinki")


def test_hook_check_city_stops_the_start_at_a_citys_first_problem_and_sees_its_options():
    seen = []

    def check(city, hooks):
        seen.append((city.slug, [a for a in hooks.retention_policies(city=city)]))
        return [f"shelf_years must be a number, not {city.options['shelf_years']!r}"] if city.slug == "turku" else []

    shelf = plugin("shelf", check_city=check, retention_policies=lambda city: {"shelf": 1})
    settings = settings_with(helsinki=["shelf"], oulu=["shelf"])
    assert PluginHost(settings, {"shelf": shelf}) and sorted(seen) == [("helsinki", [{"shelf": 1}]),
                                                                      ("oulu", [{"shelf": 1}])]
    settings = settings_with(turku=["shelf"])
    turku = settings.cities["turku"]
    settings.cities["turku"] = type(turku)(turku.slug, turku.name, turku.language, turku.plugins,
                                           {"shelf_years": "many"})
    with pytest.raises(StartupError) as stopped:
        PluginHost(settings, {"shelf": shelf})
    assert str(stopped.value) == "city turku: shelf_years must be a number, not 'many'"


def test_hook_projections_are_collected_from_every_city():
    class Things(Projection):
        name = "other_things"

    other = plugin("other", projections=lambda: [Things()])
    host = PluginHost(settings_with(helsinki=["specimen"], turku=["other"], oulu=[]), specimen.installed(other))
    assert sorted(p.name for p in host.projections()) == ["exitfi_access", "exitfi_emergency",
                                                          "exitfi_erasure_requests", "exitfi_event_index",
                                                          "exitfi_users", "other_things", "specimen_notebooks"]


@pytest.mark.parametrize("cities,installed,message", [
    ({"oulu": ["nope"]}, {}, "city oulu: plugin 'nope' is not installed"),
    ({"turku": ["referrals"]}, {"referrals": plugin("referrals", ("network",))},
     "city turku: plugin 'referrals' requires 'network'"),
    ({"helsinki": ["typo"]}, {"typo": plugin("typo", projectionz=lambda: [])},
     "plugin 'typo': implements unknown hook 'projectionz'"),
])
def test_bad_plugin_sets_stop_start_up_with_one_line(cities, installed, message):
    with pytest.raises(StartupError) as err:
        PluginHost(settings_with(**cities), installed)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_feature_plugin_declares_hooks_that_city_plugins_implement():
    specs = types.ModuleType("fake_specs")
    specs.case_rules = hookspecs.hookspec(lambda case: None)
    feature = plugin("feature")
    feature.module.hookspecs = specs
    city = plugin("city", case_rules=lambda case: ["needs guardian consent"])
    host = PluginHost(settings_with(oulu=["feature", "city"]), {"feature": feature, "city": city})
    assert host.hook("oulu").case_rules(case=None) == [["needs guardian consent"]]


# -- the plugin API version ----------------------------------------------------

def installed_as_entry_point(monkeypatch, name, **attributes):
    """Install a fake plugin module as if `pip install` had registered it under the entry-point group."""
    module = types.ModuleType(f"fake_{name}_plugin")
    for attribute, value in attributes.items():
        setattr(module, attribute, value)
    monkeypatch.setitem(sys.modules, module.__name__, module)
    point = EntryPoint(name=name, value=module.__name__, group="exitfi.plugins")
    monkeypatch.setattr("core.plugins.entry_points", lambda group: [point])


def test_every_bundled_plugin_supports_this_plugin_api():
    for name, info in discover().items():
        assert Version(PLUGIN_API) in SpecifierSet(info.module.plugin_api), name


@pytest.mark.parametrize("declared,message", [
    (">=2,<3", f"plugin 'elder' supports plugin API >=2,<3, but this core offers {PLUGIN_API}; "
               "install a version of the plugin made for it"),
    ("<1", f"plugin 'elder' supports plugin API <1, but this core offers {PLUGIN_API}"),
    ("version one", "plugin 'elder': plugin_api 'version one' is not a version range such as plugin_api = \">=1,<2\""),
    (None, "plugin 'elder' does not say which plugin API it supports; "
           "add plugin_api = \">=1,<2\" to fake_elder_plugin"),
])
def test_a_plugin_for_another_plugin_api_stops_start_up_with_one_line(monkeypatch, capsys, declared, message):
    installed_as_entry_point(monkeypatch, "elder", **({"plugin_api": declared} if declared else {}))
    with pytest.raises(StartupError) as err:
        discover()
    assert message in str(err.value) and "\n" not in str(err.value)
    code, out, stderr = run(capsys, "plugins", "hooks")
    assert (code, out) == (2, "") and stderr.count("\n") == 1 and message in stderr


def test_a_plugin_that_supports_this_plugin_api_is_found(monkeypatch):
    installed_as_entry_point(monkeypatch, "young", plugin_api=">=1.0,<2", __version__="3.1")
    assert discover()["young"].version == "3.1"


# -- every hook documented, typed and tested --------------------------------------

MANAGERS = ("Called through the city's manager", "Called through the manager of all enabled plugins",
            "Called through the manager of all installed plugins")


def every_hookspec():
    """The core's hook specifications and those every installed feature plugin offers."""
    modules = [hookspecs] + [p.module.hookspecs for p in discover().values() if hasattr(p.module, "hookspecs")]
    return [fn for module in modules for fn in specs_of(module)]


def test_the_hook_specifications_include_the_feature_plugins_own():
    names = {fn.__name__ for fn in every_hookspec()}
    assert {"navigation", "personal_data", "case_timeline", "case_panels"} <= names


def test_every_hook_is_documented():
    for fn in every_hookspec():
        doc = inspect.getdoc(fn) or ""
        assert len(doc) > 20, f"hook {fn.__name__} has no documentation"
        assert any(manager in " ".join(doc.split()) for manager in MANAGERS), \
            f"hook {fn.__name__} does not say which manager calls it ({' / '.join(MANAGERS)})"
        first = bool(fn.exitfi_spec.get("firstresult"))
        assert ("the first answer that is not None is used" in " ".join(doc.split())) == first, \
            f"hook {fn.__name__}: its documentation and firstresult={first} disagree"


def test_every_hook_is_typed_and_documents_each_parameter():
    for fn in every_hookspec():
        signature = inspect.signature(fn)
        assert signature.return_annotation is not signature.empty, f"hook {fn.__name__} has no return type"
        documented = re.findall(r":param (\w+):", inspect.getdoc(fn) or "")
        assert documented == list(signature.parameters), f"hook {fn.__name__}: :param: lines {documented}"
        for parameter in signature.parameters.values():
            assert parameter.annotation is not parameter.empty, f"hook {fn.__name__}: {parameter.name} has no type"


def test_every_hook_has_a_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parents[1].rglob("test_*.py"))
    for fn in every_hookspec():
        assert f"def test_hook_{fn.__name__}" in tests, f"hook {fn.__name__} has no test named test_hook_{fn.__name__}..."


def test_a_name_the_toolkit_does_not_offer_is_refused_with_the_names_it_does():
    import core.toolkit
    with pytest.raises(AttributeError, match="the toolkit offers: .*Blueprint"):
        core.toolkit.Mapper  # noqa: B018
    with pytest.raises(ImportError, match="Mapper"):
        from core.toolkit import Mapper  # noqa: F401
    assert not hasattr(core.toolkit, "__path__")  # a module, not a package: `from core.toolkit import x` is direct
