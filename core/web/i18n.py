"""Finnish, Swedish and English: the user's choice, else the city's default, else the browser's."""

from __future__ import annotations

from pathlib import Path

from flask import current_app, g, request, session
from flask_babel import Babel, get_translations
from flask_login import current_user

LANGUAGES = {"fi": "suomi", "sv": "svenska", "en": "English"}
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.language
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(LANGUAGES) or "fi"


def gettext(message: str, **variables) -> str:
    """Translate a message; in strict mode, remember messages that have no translation."""
    translations = get_translations()
    text = translations.ugettext(message)
    if current_app.config.get("EXITFI_STRICT_I18N") and g.get("lang", "en") != "en":
        catalog = getattr(translations, "_catalog", {})
        if message not in catalog or not catalog[message]:
            current_app.extensions["exitfi_missing"].add((g.lang, message))
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    text = get_translations().ungettext(singular, plural, num)
    return text % variables


class LazyString:
    """A message translated when it is shown, for module-level labels."""

    def __init__(self, message: str):
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __html__(self) -> str:
        return str(self)


def lazy_gettext(message: str) -> LazyString:
    return LazyString(message)


def catalog_folders(host) -> list[Path]:
    """The core's catalog, then each installed plugin's: merged in this order, so a plugin's message wins."""
    plugins = [Path(p.module.__file__).resolve().parent / "translations" for p in host.installed.values()]
    return [TRANSLATIONS, *(folder for folder in plugins if folder.is_dir())]


def init_app(app, host) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(str(f) for f in catalog_folders(host)))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=select_locale)
    app.extensions["exitfi_missing"] = set()
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, ngettext, newstyle=True)


def remember_language() -> None:
    """Note the response's language for this request (a step of the request pipeline)."""
    g.lang = select_locale()
