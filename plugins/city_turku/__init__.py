"""Turku's local adaptations: only what differs from the other cities."""
