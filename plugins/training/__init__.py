"""Practitioner trainings: requests, sessions, attendance and feedback."""
