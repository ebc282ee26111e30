"""What the benchmarks share: a timing, the error that voids a figure, and two baselines of reading the log."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from core.collector import young_garbage_only
from core.projections import BATCH as PROJECTION_BATCH


class BenchError(RuntimeError):
    """The work measured did not do what it should have: no figure is reported for it."""


@dataclass(frozen=True)
class Timing:
    count: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else float("inf")


def hmac_rows(store, key: bytes) -> int:
    """Baseline of verify: read the log's rows as verify does and take one HMAC-SHA256 of each, with no chain."""
    count = 0
    chain = store.seals  # its HMAC, as verify takes it; under the key given, or no figure
    if chain.digest(b"") != hmac.new(key, b"", hashlib.sha256).digest():
        raise BenchError("the baseline's key is not the store's seal key")
    with store.reading() as session, young_garbage_only():  # as verify reads
        for _, body in chain.bodies(session):
            chain.digest(body)
            count += 1
    return count


def decode_notifications(store, projection) -> int:
    """Baseline of a rebuild: read what it reads (same batches, topics and stop) and decode it; write nothing."""
    recorder, mapper, topics = store.recorder, store.mapper, projection.topics
    done = 0
    with store.reading():
        stop = recorder.max_notification_id() or 0
        position = 0
        while position < stop:
            notifications = recorder.select_notifications(
                position, PROJECTION_BATCH, stop=stop, topics=topics, inclusive_of_start=False)
            for n in notifications:
                mapper.to_domain_event(n)
            done += len(notifications)
            position = notifications[-1].id if len(notifications) == PROJECTION_BATCH else stop
    return done
