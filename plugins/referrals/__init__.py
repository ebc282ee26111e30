"""Referrals in (triage) and out (to services), consent-gated."""
