"""In-process notifications of what already happened (blinker); extension points are hooks, not signals."""

from blinker import Namespace

exitfi = Namespace()

event_recorded = exitfi.signal(
    "event-recorded",
    doc="""An event was committed to the log. Sent by the store after the commit,
    once per event, with ``event`` (the domain event) and ``position`` (its place in the log).""",
)

personal_data_viewed = exitfi.signal(
    "personal-data-viewed",
    doc="""Someone was shown a person's data. Sent with ``person_id``, ``user_id``, ``page``
    and ``purpose``; the access log records it.""",
)

person_erased = exitfi.signal(
    "person-erased",
    doc="""A person's data key was destroyed. Sent after the commit with ``person_id``.""",
)
