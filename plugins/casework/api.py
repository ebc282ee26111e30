"""What other plugins may use of casework: the shape of what they answer to its hooks.

``Measure``: an outcome measure a city adds through the ``outcome_measures`` hook (plugins/casework/hookspecs.py).
"""

from plugins.casework.outcomes.measures import Measure

__all__ = ["Measure"]
