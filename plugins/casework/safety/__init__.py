"""Safety: the safety plan of a case, and escalations to police or child protection with their legal basis."""
