"""`exitfi plugins new`: a plugin package with the house anatomy, whose own tests pass at once."""

from __future__ import annotations

import keyword
import re
from pathlib import Path
from string import Template

from core.days import finnish_today
from core.errors import ValidationError

SKELETON = Path(__file__).parent / "skeleton"
CORE_VERSIONS = Path(__file__).parent.parent / "migrations" / "versions"
NAME = re.compile(r"[a-z][a-z0-9_]{1,30}")


def create_plugin(name: str, parent: Path) -> Path:
    """Write the plugin `name` as a package folder exitfi-NAME inside `parent`; return the folder."""
    if not NAME.fullmatch(name or "") or keyword.iskeyword(name) or name.startswith(("exitfi", "city_")):
        raise ValidationError({"name": ["use 2 to 31 lower-case letters, digits and underscores, starting with a "
                                        "letter; not 'exitfi...' or 'city_...' (a city's plugin is made by hand)"]})
    folder = Path(parent) / f"exitfi-{name}"
    if folder.exists():
        raise ValidationError({"name": [f"{folder} exists already; choose another name or folder"]})
    values = {"name": name, "Title": name.replace("_", " ").capitalize(), "package": f"exitfi_{name}",
              "core_head": core_head(), "today": finnish_today().isoformat()}
    for source in sorted(SKELETON.rglob("*.tmpl")):
        relative = source.relative_to(SKELETON).with_suffix("")
        parts = [values["package"] if p == "package" else p.replace("PLUGIN", name) for p in relative.parts]
        target = folder.joinpath(*parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(source.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
    return folder


def core_head() -> str:
    """The core's newest schema revision: a new plugin's first revision builds on it."""
    return max(p.name[:9] for p in CORE_VERSIONS.glob("core_[0-9][0-9][0-9][0-9]_*.py"))
