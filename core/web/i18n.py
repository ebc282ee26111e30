"""Finnish, Swedish and English: the user's choice, else the city's default, else the browser's."""

from __future__ import annotations

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
        cached = g.exitfi_translations = (get_locale(), get_translations())
    return cached[1]


def gettext(message: str, **variables) -> str:
    """Translate a message; in strict mode, remember messages that have no translation."""
    context = _cv_app.get(None)
    translations = _translations(context)
    text = translations.ugettext(message)
    if context is not None and context.app.config.get("EXITFI_STRICT_I18N"):
        _note_missing(context, translations, message)
    return text % variables if variables else text


def _note_missing(context, translations, message: str) -> None:
    g = context.g
    lang = g.get("lang", "en")
    catalog = getattr(translations, "_catalog", {})
    if lang != "en" and (message not in catalog or not catalog[message]):
        context.app.extensions["exitfi_missing"].add((lang, message))


@pass_context
def template_gettext(context, message: str, **variables):
    """`_()` in a template: Jinja's new-style gettext (escaped, its %(name)s filled) without its two indirections."""
    text = gettext(message)
    if context.eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    text = _translations(_cv_app.get(None)).ungettext(singular, plural, num)
    return text % variables


class LazyString:
    """A message translated when it is shown: a module-level label, or a rule's refusal with its values."""

    def __init__(self, message: str, **variables):
        self.message = message
        self.variables = variables

    def __str__(self) -> str:
        # Outside the app (the CLI, a unit test of an aggregate) a refusal reads in English.
        if not has_app_context():
            return self.untranslated()
        return gettext(self.message, **{k: _shown(v) for k, v in self.variables.items()})

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
    return LazyString(message, **variables)


def _shown(value):
    if isinstance(value, LazyString):
        return str(value)
    if isinstance(value, tuple):
        return ", ".join(gettext(code) for code in value)
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


def init_app(app, host) -> None:
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", ";".join(str(f) for f in catalog_folders(host)))
    app.config.setdefault("BABEL_DEFAULT_LOCALE", "en")
    Babel(app, locale_selector=select_locale)
    app.extensions["exitfi_missing"] = set()
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.install_gettext_callables(gettext, ngettext, newstyle=True)
    app.jinja_env.globals["_"] = template_gettext
    # A form shows a rule's own refusal (a lazy message) where there is one, else its field's general hint.
    app.jinja_env.tests["refusal"] = lambda value: isinstance(value, LazyString)


def remember_language() -> None:
    """Note the response's language for this request (a step of the request pipeline)."""
    g.lang = select_locale()
