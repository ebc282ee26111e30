"""Instance configuration: one TOML file, keys kept outside the database."""

from __future__ import annotations

import base64
import os
import secrets
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from core.errors import StartupError

DEFAULT_INSTANCE = Path("instance")
CONFIG_NAME = "exitfi.toml"
KEY_BYTES = 32

DEFAULT_CONFIG = """\
# EXIT Finland casework platform: instance configuration.
# Keys live in files beside this one (or in EXITFI_MASTER_KEY / EXITFI_SEAL_KEY);
# in production keep them outside the database host and outside backups of it.

[instance]
environment = "development"   # "production" refuses demo users and insecure cookies
database_url = "sqlite:///exitfi.sqlite"   # relative SQLite paths are inside this folder
master_key_file = "master.key"
seal_key_file = "seal.key"
secret_key_file = "secret.key"
session_cookie_secure = false   # true behind HTTPS
idle_timeout_minutes = 60
session_hours = 12              # a session ends after this long, however busy

[cities.helsinki]
name = "Helsinki"
language = "fi"
plugins = ["casework", "referrals", "network", "training", "city_helsinki"]

[cities.turku]
name = "Turku"
language = "fi"
plugins = ["casework", "referrals", "network", "training", "city_turku"]
follow_up_months = [3, 6, 12, 24]   # reviews after closure; Turku adds one at two years

[cities.oulu]
name = "Oulu"
language = "fi"
plugins = ["casework", "referrals", "network", "training", "city_oulu"]
assessment_approval = true      # a coordinator approves each finalised assessment
"""


@dataclass(frozen=True)
class CitySettings:
    """What one city runs: its name, default language, plugin set and local overrides."""

    slug: str
    name: str
    language: str
    plugins: tuple[str, ...]
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Settings:
    """Everything an instance needs to start, read once at start-up."""

    instance_dir: Path
    database_url: str
    master_key: bytes = field(repr=False)
    seal_key: bytes = field(repr=False)
    secret_key: bytes = field(repr=False)
    environment: str
    cities: dict[str, CitySettings]
    session_cookie_secure: bool = False
    idle_timeout_minutes: int = 60
    debug: bool = False
    session_hours: int = 12

    @property
    def is_production(self) -> bool:
        return self.environment == "production"


def instance_dir(env=os.environ) -> Path:
    """Return the instance folder: EXITFI_INSTANCE or ./instance."""
    return Path(env.get("EXITFI_INSTANCE") or DEFAULT_INSTANCE)


def init_instance(folder: Path, echo=print) -> bool:
    """Create the instance folder with a default configuration and fresh keys; True if created."""
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / CONFIG_NAME
    created = False
    if not config.exists():
        config.write_text(DEFAULT_CONFIG, encoding="utf-8")
        created = True
    for name in ("master.key", "seal.key", "secret.key"):
        path = folder / name
        if not path.exists():
            _write_secret(path, base64.b64encode(secrets.token_bytes(KEY_BYTES)) + b"\n")
            echo(
                f"warning: generated {name} in {folder}/ for local use;"
                " production keeps keys outside the database host and its backups"
            )
    return created


def _write_secret(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)


def load_settings(folder: Path | None = None, env=os.environ) -> Settings:
    """Read and check the instance configuration; raise StartupError naming what is wrong."""
    folder = Path(folder) if folder else instance_dir(env)
    path = folder / CONFIG_NAME
    if not path.exists():
        raise StartupError(f"no configuration at {path}; run 'exitfi init' to create one")
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as e:
        raise StartupError(f"{path} is not valid TOML ({e}); fix the file and start again") from None
    inst = raw.get("instance", {})
    url = env.get("EXITFI_DATABASE_URL") or inst.get("database_url") or "sqlite:///exitfi.sqlite"
    settings = Settings(
        instance_dir=folder,
        database_url=resolve_database_url(url, folder),
        master_key=_key(env, "EXITFI_MASTER_KEY", folder, inst.get("master_key_file", "master.key")),
        seal_key=_key(env, "EXITFI_SEAL_KEY", folder, inst.get("seal_key_file", "seal.key")),
        secret_key=_key(env, "EXITFI_SECRET_KEY", folder, inst.get("secret_key_file", "secret.key")),
        environment=inst.get("environment", "development"),
        cities=_cities(raw.get("cities"), path),
        session_cookie_secure=bool(inst.get("session_cookie_secure", False)),
        idle_timeout_minutes=int(inst.get("idle_timeout_minutes", 60)),
        session_hours=int(inst.get("session_hours", 12)),
        debug=bool(inst.get("debug", False)) or env.get("FLASK_DEBUG", "").lower() in ("1", "true", "yes"),
    )
    if settings.is_production:
        refuse_unsafe_production(settings, path)
    return settings


def refuse_unsafe_production(settings: Settings, path: Path) -> None:
    """Stop a production start-up that would run with insecure cookies, a weak secret key or debug mode."""
    if not settings.session_cookie_secure:
        raise StartupError(f"production needs session_cookie_secure = true in {path} (cookies only over HTTPS)")
    if settings.debug:
        raise StartupError("production refuses debug mode; remove debug from the configuration and unset FLASK_DEBUG")
    # A secret that is not random (a placeholder, a repeated byte) lets anyone forge a session cookie.
    if len(set(settings.secret_key)) < 16:
        raise StartupError("production needs a random secret key; generate one with 'exitfi keygen'")


def resolve_database_url(url: str, folder: Path) -> str:
    """Check a database URL and place relative SQLite files in the instance folder."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise StartupError(f"database URL {url!r} is not a valid SQLAlchemy URL") from None
    if parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StartupError(f"database {parsed.get_backend_name()!r} is not supported; use sqlite or postgresql")
    if parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    db = parsed.database
    if parsed.get_backend_name() == "sqlite" and db and db != ":memory:" and not Path(db).is_absolute():
        parsed = parsed.set(database=str((folder / db).resolve()))
    return parsed.render_as_string(hide_password=False)


def _key(env, var: str, folder: Path, filename: str) -> bytes:
    value = env.get(var)
    where = f"environment variable {var}"
    if not value:
        path = Path(filename) if Path(filename).is_absolute() else folder / filename
        if not path.exists():
            raise StartupError(
                f"key file {path} is missing; set {var} or run 'exitfi init' to generate keys"
            )
        value, where = path.read_text(encoding="ascii").strip(), str(path)
    try:
        key = base64.b64decode(value, validate=True)
    except ValueError:
        raise StartupError(f"the key in {where} is not base64; generate one with 'exitfi keygen'") from None
    if len(key) != KEY_BYTES:
        raise StartupError(f"the key in {where} must be {KEY_BYTES} bytes (base64), not {len(key)}")
    return key


def _cities(raw, path: Path) -> dict[str, CitySettings]:
    if not raw:
        raise StartupError(f"{path} defines no city; add a [cities.NAME] table with a plugins list")
    cities = {}
    for slug, table in raw.items():
        plugins = table.get("plugins")
        if not isinstance(plugins, list) or not all(isinstance(p, str) for p in plugins):
            raise StartupError(f"[cities.{slug}] in {path} needs plugins = [\"...\"], a list of names")
        options = {k: v for k, v in table.items() if k not in ("name", "language", "plugins")}
        cities[slug] = CitySettings(
            slug=slug,
            name=table.get("name", slug.title()),
            language=table.get("language", "fi"),
            plugins=tuple(plugins),
            options=options,
        )
    return cities
