"""Hook implementations of the referrals plugin (its features arrive in their own issues)."""

__version__ = "0.1.0"
plugin_api = ">=1,<2"
requires = ("network",)
