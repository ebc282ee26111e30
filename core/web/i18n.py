"""Finnish, Swedish and English: the user's choice, else the city's default, else the browser's.

The core and each plugin keep a catalog of their own, and a message is read from the catalog of the code that
shows it first (a template's plugin, or the module that called `gettext` or `lazy_gettext`), then from all of
them merged: the same English may mean two things ("withdrawn": a referral, a service, a client), and the
plugin that wrote the message knows which it meant.
"""

from __future__ import annotations

import sys
from pathlib import Path

from flask import g, has_app_context, request, session
from flask.globals import _cv_app
from flask_babel import Babel, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

LANGUAGES = {"fi": "suomi", "sv": "svenska", "en": "English"}
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def select_locale() -> str:
    if current_user and current_user.is_authenticated:
        return current_user.language
    if session.get("lang") in LANGUAGES:
        return session["lang"]
    return request.accept_languages.best_match(LANGUAGES) or "fi"


def _translations(context=None):
    """The request's catalog, found once per language and request: a page asks for hundreds of messages."""
    if context is None:
        return get_translations()
    # The request's own g, not Flask's proxy: a long timeline asks for hundreds of messages, and each
    # proxy costs more than the lookup itself.
    g = context.g
    babel, cached = getattr(g, "_flask_babel", None), getattr(g, "exitfi_translations", None)
    # The cached catalog holds while flask_babel's locale for this request is the one it was found for
    # (flask_babel.refresh() drops that locale, and the next message finds the catalog again).
    if cached is None or babel is None or cached[0] is not getattr(babel, "babel_locale", None):
        locale = get_locale()
        cached = g.exitfi_translations = (locale, get_translations(), str(locale))
    return cached[1]


def gettext(message: str, **variables) -> str:
    """Translate a message; in strict mode, remember messages that have no translation."""
    return _gettext(message, sys._getframe(1).f_globals.get("__name__", ""), variables)


def _gettext(message: str, origin: str, variables: dict | None = None, strict: bool = True) -> str:
    """Translate a message as the code at `origin` (a module's or a template's name) means it."""
    context = _cv_app.get(None)
    translations = _translations(context)
    text = None if context is None else _own(context, origin, message)
    if text is None:
        text = translations.ugettext(message)
    if strict and context is not None and context.app.config.get("EXITFI_STRICT_I18N"):
        _note_missing(context, translations, message)
    return text % variables if variables else text


def declared_text(message: str) -> str:
    """A text the code did not write as a message (a plugin's declaration for the register of processing, a reason
    typed as an access log's purpose) in the reader's language where a catalog has it, else as it is: strict mode
    does not count it as missing."""
    return _gettext(message, "", strict=False)


def _own(context, origin: str, message: str) -> str | None:
    """The message as the catalog of the code at `origin` gives it, or None where that catalog lacks it."""
    own = context.app.extensions.get("exitfi_own_catalogs")
    if own is None:
        return None
    domains = own.domains_of(origin)
    if not domains:
        return None
    lang = context.g.exitfi_translations[2]  # the language _translations found the request's catalog for
    for domain in domains:
        text = own.catalog(domain, lang).get(message)
        if text is not None:
            return text
    return None


class OwnCatalogs:
    """Each catalog on its own (the core's, each plugin's), read from its .po file once per language."""

    def __init__(self, folders: dict[str, Path], packages: dict[str, str]):
        self._folders = folders  # domain -> its translations folder
        self._packages = packages  # a module's package -> its domain ("plugins.casework" -> "casework")
        self._catalogs: dict[tuple[str, str], dict] = {}
        self._origins: dict[str, tuple[str, ...]] = {}

    def domains_of(self, origin: str) -> tuple[str, ...]:
        """The catalogs that speak for a module (by its package) or a template (`plugin:folder/name.html`)."""
        found = self._origins.get(origin)
        if found is None:
            found = self._origins[origin] = self._find(origin)
        return found

    def _find(self, origin: str) -> tuple[str, ...]:
        if origin.endswith(".html"):  # a template's file: the plugin it lies in, then the one its folder is named for
            owner = max((d for d, folder in self._folders.items() if origin.startswith(f"{folder.parent}/")),
                        key=lambda d: len(str(self._folders[d])), default=None)
            named = origin.rpartition("/templates/")[2].partition("/")[0]
            return tuple(dict.fromkeys(n for n in (owner, named) if n in self._folders))
        name = origin
        while name:
            if name in self._packages:
                return (self._packages[name],)
            name = name.rpartition(".")[0]
        return ()

    def catalog(self, domain: str, lang: str) -> dict:
        """msgid -> what the domain's catalog shows for it (its msgid where it leaves it as it is)."""
        found = self._catalogs.get((domain, lang))
        if found is None:
            found = self._catalogs[domain, lang] = _read_catalog(self._folders[domain] / lang / "LC_MESSAGES")
        return found


_read: dict[Path, dict] = {}  # every app of the process shares them (a test run makes hundreds of apps)


def _read_catalog(folder: Path) -> dict:
    # The .po, not the .mo: the .mo leaves out a message kept as it is (most of en), which would then be read
    # from another catalog that says otherwise.
    path = folder / "messages.po"
    found = _read.get(path)
    if found is None:
        from babel.messages.pofile import read_po
        found = {}
        if path.is_file():
            with path.open("rb") as f:
                found = {m.id: m.string or m.id for m in read_po(f) if isinstance(m.id, str) and m.id and not m.fuzzy}
        _read[path] = found
    return found


def _note_missing(context, translations, message: str) -> None:
    g = context.g
    lang = g.get("lang", "en")
    catalog = getattr(translations, "_catalog", {})
    if lang != "en" and (message not in catalog or not catalog[message]):
        context.app.extensions["exitfi_missing"].add((lang, message))


@pass_context
def template_gettext(context, message: str, **variables):
    """`_()` in a template: Jinja's new-style gettext (escaped, its %(name)s filled) without its two indirections."""
    # The template's own file, two calls up (its code, then Jinja's Context.call): a layout's messages are the
    # core's, a macro's its file's, though the page that extends or imports them is a plugin's.
    text = _gettext(message, sys._getframe(2).f_code.co_filename)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    text = _translations(_cv_app.get(None)).ungettext(singular, plural, num)
    return text % variables


class LazyString:
    """A message translated when it is shown: a module-level label, or a rule's refusal with its values."""

    def __init__(self, message: str, _origin: str = "", **variables):
        self.message = message
        self.origin = _origin  # the module that wrote it: its catalog is read first
        self.variables = variables

    def __str__(self) -> str:
        # Outside the app (the CLI, a unit test of an aggregate) a refusal reads in English.
        if not has_app_context():
            return self.untranslated()
        return _gettext(self.message, self.origin, {k: _shown(v, self.origin) for k, v in self.variables.items()})

    def untranslated(self) -> str:
        """The message in English, with its values: what the API answers whatever the user's language."""
        if not self.variables:
            return self.message
        return self.message % {k: untranslated(v) if isinstance(v, LazyString) else ", ".join(v)
                               if isinstance(v, tuple) else v for k, v in self.variables.items()}

    def __html__(self) -> str:
        return str(self)

    def __eq__(self, other) -> bool:
        return str(self) == str(other) if isinstance(other, (str, LazyString)) else NotImplemented

    def __hash__(self) -> int:
        return hash(self.untranslated())


def lazy_gettext(message: str, **variables) -> LazyString:
    """A message translated when shown; `variables` fill its %(name)s places (a refusal's values): a lazy
    message is translated too, and a tuple is a list of code values, each translated."""
    return LazyString(message, sys._getframe(1).f_globals.get("__name__", ""), **variables)


def _shown(value, origin: str):
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, tuple):
        return ", ".join(_gettext(code, origin) for code in value)
    return value


def untranslated(messages):
    """Field messages as the API answers them: every lazy message in English, nested lists and maps kept."""
    if isinstance(messages, LazyString):
        return messages.untranslated()
    if isinstance(messages, dict):
        return {k: untranslated(v) for k, v in messages.items()}
    if isinstance(messages, (list, tuple)):
        return [untranslated(m) for m in messages]
    return messages


def catalog_folders(host) -> list[Path]:
    """The core's catalog, then each installed plugin's: merged in this order, so a plugin's message wins."""
    plugins = [Path(p.module.__file__).resolve().parent / "translations" for p in host.installed.values()]
    return [TRANSLATIONS, *(folder for folder in plugins if folder.is_dir())]


def own_catalogs(host) -> OwnCatalogs:
    """The core's catalog and each installed plugin's, each under its own name, and the packages they speak for."""
    folders, packages = {"core": TRANSLATIONS}, {"core": "core"}
    for name, plugin in host.installed.items():
        folder = Path(plugin.module.__file__).resolve().parent / "translations"
        if folder.is_dir():
            folders[name] = folder
            packages[plugin.module.__package__ or plugin.module.__name__] = name
    return OwnCatalogs(folders, packages)


def init_app(app, host) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(str(f) for f in catalog_folders(host)))
    app.extensions["exitfi_own_catalogs"] = own_catalogs(host)
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=select_locale)
    app.extensions["exitfi_missing"] = set()
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, ngettext, newstyle=True)
    app.jinja_env.globals["_"] = template_gettext
    # Why a page was opened: a purpose's code value in the reader's language, a reason as it was typed.
    app.jinja_env.filters["purpose"] = declared_text
    # A form shows a rule's own refusal (a lazy message) where there is one, else its field's general hint.
    app.jinja_env.tests["refusal"] = lambda value: isinstance(value, LazyString)


def remember_language() -> None:
    """Note the response's language for this request (a step of the request pipeline)."""
    g.lang = select_locale()
