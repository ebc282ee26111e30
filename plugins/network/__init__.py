"""The national network: organisations, contacts, services, agreements, network meetings."""
