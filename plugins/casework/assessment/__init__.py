"""Assessment of a case: ratings on a versioned instrument, each with its evidence, finalised with reasoning."""
