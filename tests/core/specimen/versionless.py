"""A plugin module with no __version__ of its own: discovery takes its distribution's version."""

plugin_api = ">=1,<2"
requires = ()
