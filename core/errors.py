"""Errors the core raises, in the words of the domain."""


class ExitfiError(Exception):
    """Base class for the platform's own errors."""


class StartupError(ExitfiError):
    """The instance cannot start; the message says what to fix."""


class NoActorError(ExitfiError):
    """Something tried to record an event without saying who acted."""


class ConflictError(ExitfiError):
    """A command was made against a version of a record that is no longer current."""

    def __init__(self, record_id, expected_version=None, current_version=None):
        self.record_id = record_id
        self.expected_version = expected_version
        self.current_version = current_version
        super().__init__(
            f"record {record_id} was changed by someone else"
            f" (you had version {expected_version}, it is now at {current_version})"
        )


class NotFoundError(ExitfiError):
    """No record with that id exists (or the caller may not know that it does)."""


class PersonErasedError(ExitfiError):
    """The person's data key was destroyed; no new personal data can be written for them."""


class ValidationError(ExitfiError):
    """Input broke a rule; `messages` maps field names to lists of messages."""

    def __init__(self, messages: dict):
        self.messages = messages
        super().__init__("; ".join(f"{k}: {', '.join(map(str, v))}" for k, v in messages.items()))


def first_line(e: Exception) -> str:
    """An exception's first line, for a one-line message (a driver's error runs to many)."""
    return (str(e).strip().splitlines() or [type(e).__name__])[0]
