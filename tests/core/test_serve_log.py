"""The development server's request log holds no query string: a search or a reason there may be personal data."""

from __future__ import annotations

from core.cli_instance import _PathOnlyRequestHandler


def test_a_request_line_is_logged_without_its_query_string():
    handler = object.__new__(_PathOnlyRequestHandler)  # the log line only: no socket behind it
    handler.command, handler.request_version = "GET", "HTTP/1.1"
    handler.path = "/audit/events/4?reason=Aino+Kallio+asked"
    lines = []
    handler.log = lambda kind, message, *args: lines.append(message % args)
    handler.log_request(200, 512)
    assert lines == ['"GET /audit/events/4 HTTP/1.1" 200 512']
    assert handler.path.endswith("?reason=Aino+Kallio+asked")  # the request itself keeps it
