"""Referrals out: from a case to a service of the network's directory, gated by consent or a legal basis."""
