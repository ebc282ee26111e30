"""Reading forms in rendered pages, by the core's convention for a field in error.

A field in error carries ``aria-invalid="true"`` and ``aria-describedby="NAME-error"``, and its message
is a ``<p class="error" id="NAME-error">`` on the page (core/web/templates/core/tokens.html shows it).
"""

from __future__ import annotations

import re


def field(html: str, name: str) -> str:
    """The opening tag of the input, select or textarea named `name`."""
    return re.search(rf'<(?:input|select|textarea)[^>]*\bname="{name}"[^>]*>', html).group(0)


def marked(html: str, name: str) -> bool:
    """Whether the field is marked invalid and points at its message, and the message is there."""
    tag = field(html, name)
    return ('aria-invalid="true"' in tag and f'aria-describedby="{name}-error"' in tag
            and re.search(rf'<p class="error" id="{name}-error"[^>]*>\s*[^<\s][^<]*</p>', html) is not None)


def selected(html: str, name: str) -> str | None:
    """The value of the option selected in the select named `name` (None when none is)."""
    select_html = re.search(rf'<select[^>]*\bname="{name}".*?</select>', html, re.S).group(0)
    found = re.search(r'<option value="([^"]*)" selected>', select_html)
    return found and found.group(1)


def textarea(html: str, name: str) -> str:
    """The text inside the textarea named `name`."""
    return re.search(rf'<textarea[^>]*\bname="{name}"[^>]*>(.*?)</textarea>', html, re.S).group(1)
