"""Leaky: a test plugin storing a health note and visitors' names it does not declare (the register must catch both)."""
