"""Network meetings and community dialogue events: who came, what was discussed, what came of it."""
