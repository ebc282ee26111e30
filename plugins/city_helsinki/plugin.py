"""Helsinki's hook implementations: local rules, fields and reports."""

__version__ = "0.1.0"
requires = ("casework",)
