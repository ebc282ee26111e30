"""The plugin host: entry points, per-city sets, requirements, hooks documented and tested."""

from __future__ import annotations

import inspect
import types
from pathlib import Path

import pytest

from core import hookspecs
from core.config import CitySettings
from core.errors import StartupError
from core.hookspecs import hookimpl
from core.plugins import PluginHost, PluginInfo, discover
from core.projections import Projection
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
                                                "versionless = tests.core.specimen.domain\n")
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
    helsinki = plugin("city_helsinki", retention_policies=lambda city: {"family": 25})
    host = PluginHost(settings_with(helsinki=["city_helsinki"], turku=[]), {"city_helsinki": helsinki})
    assert host.hook("helsinki").retention_policies(city=None)[0] == {"family": 25}
    assert host.hook("turku").retention_policies(city=None) == [
        {"individual": 10, "anonymous": 10, "consultation": 10, "family": 30}]
    assert host.enabled("helsinki", "city_helsinki") and not host.enabled("turku", "city_helsinki")


def test_hook_projections_are_collected_from_every_city():
    class Things(Projection):
        name = "other_things"

    other = plugin("other", projections=lambda: [Things()])
    host = PluginHost(settings_with(helsinki=["specimen"], turku=["other"], oulu=[]), specimen.installed(other))
    assert sorted(p.name for p in host.projections()) == ["exitfi_access", "exitfi_users", "other_things",
                                                          "specimen_notebooks"]


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


def test_every_hook_is_documented():
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if hasattr(fn, "exitfi_spec"):
            assert fn.__doc__ and len(fn.__doc__.strip()) > 20, f"hook {name} has no documentation"


def test_every_hook_has_a_test():
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parents[1].rglob("test_*.py"))
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if hasattr(fn, "exitfi_spec"):
            assert f"def test_hook_{name}" in tests, f"hook {name} has no test named test_hook_{name}..."
