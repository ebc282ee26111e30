"""The one SQLAlchemy MetaData that the core's and the plugins' tables belong to."""

from sqlalchemy import MetaData

metadata = MetaData()

# The log itself is the eventsourcing recorder's table; its name follows the application name.
EVENTS_TABLE = "exitfi_events"
TRACKING_TABLE = "exitfi_tracking"
