"""Hook implementations of the network plugin (its features arrive in their own issues)."""

__version__ = "0.1.0"
plugin_api = ">=1,<2"
requires = ()
