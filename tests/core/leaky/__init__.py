"""Leaky: a test plugin that stores health data in its diaries but declares only names (the register must catch it)."""
