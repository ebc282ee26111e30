"""Casework: clients, consent, assessment, plans, meetings, closure and follow-up."""
