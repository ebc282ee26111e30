"""Long loops over the log, kept clear of the collector's passes over the whole heap of the process."""

from __future__ import annotations

import gc
from contextlib import contextmanager


@contextmanager
def young_garbage_only():
    """Turn automatic collection off for a loop that collects what it leaves behind itself, or makes no cycles."""
    # Such a loop makes objects fast enough that the collector would walk the whole heap of the process (the plugins,
    # their tables, the templates: 150,000 objects) a few times a second; young garbage is all a batch leaves.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
