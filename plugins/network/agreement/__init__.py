"""Agreements with the network's organisations: cooperation and data sharing, with their renewal."""
