"""Contacts with the client and multi-agency meetings of a case: attendees, decisions, actions and disclosures."""
