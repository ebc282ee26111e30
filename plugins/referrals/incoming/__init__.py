"""Referrals in: recorded from the network or a free entry, triaged by the city coordinator."""
