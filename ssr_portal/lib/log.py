"""The portal's log lines: one JSON object per line (production) or plain text
(developers), chosen by SSR_LOG_FORMAT; the app servers (Django's LOGGING and
gunicorn's logger class, ssr_portal/lib/gunicorn_log.py) and the task worker
write the same shape:

    {"timestamp": "2026-12-01T09:14:03.512+00:00", "level": "WARNING",
     "logger": "django.request", "message": "Not Found: /cases/999/",
     "request_id": "3f2c9a0e5b7d4c1e8a6f0b2d4e6a8c0f", "user_id": 7,
     "status_code": 404}

The request id comes from the request's X-Request-ID header when it is a sane
token (a load balancer's own id, so its log and ours meet), else it is made here;
it goes back in the response's X-Request-ID header. It and the user id (the
number, never a name or address) reach every line logged while the request is
handled through a context variable (ssr_portal/middleware.py sets it).

Nothing personal or secret is written: query strings are cut from request lines,
anything shaped like a personnummer or an e-mail address is masked, and an extra
field whose name says password, secret, token, cookie, session or authorization is
redacted. (No IP address or user agent either: the load balancer's log has them.)
"""

import datetime
import json
import logging
import re
import uuid
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import SimpleLazyObject

FORMATS = ("json", "text")

# A load balancer's request id: letters, digits and . _ : - (nginx's $request_id,
# a UUID, AWS's trace ids without their '='), at most 128 characters.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# A Swedish personnummer or samordningsnummer, with or without century and dash,
# standing on its own (not part of an id such as a UUID).
_PERSONAL_NUMBER = re.compile(r"(?<![\w-])(?:19|20)?\d{6}[-+]?\d{4}(?![\w-])")
# An e-mail address (an SMTP server's refusal names the recipient).
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# A request line as servers log it: "GET /path?query HTTP/1.1".
_REQUEST_LINE_QUERY = re.compile(r'("?[A-Z]{3,7} [^ ?"]*)\?[^ "]*')
_SECRET_NAMES = re.compile(
    r"pass|secret|token|cookie|session|authori[sz]ation|csrf", re.IGNORECASE
)
# Attributes every LogRecord has; the others are a call's `extra`.
_RECORD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {
    "message",
    "asctime",
    "context",
    "request_id",
    "user_id",
}
# Extras Django passes that are objects, not values (the request, the socket).
_NOT_LOGGED = {"request", "server_time"}


class _RequestContext:
    __slots__ = ("request", "request_id")

    def __init__(self, request_id: str, request: Any) -> None:
        self.request_id = request_id
        self.request = request


_context: ContextVar[_RequestContext | None] = ContextVar(
    "ssr_request_context", default=None
)


def log_format(value: str) -> str:
    value = value.strip().lower()
    if value not in FORMATS:
        raise ImproperlyConfigured(
            f"SSR_LOG_FORMAT must be json or text, not {value!r}"
        )
    return value


def request_id_from(header: str | None) -> str:
    """The incoming X-Request-ID when it is a sane token, else a new one."""
    if header and _SANE_REQUEST_ID.fullmatch(header):
        return header
    return uuid.uuid4().hex


def request_bind(request_id: str, request: Any) -> None:
    """Log lines from here on (in this thread or task) belong to this request."""
    _context.set(_RequestContext(request_id, request))


def request_unbind(**kwargs) -> None:
    """The request is finished (Django's request_finished, after its last line)."""
    _context.set(None)


def loaded_user_id(request: Any) -> int | None:
    """The id of the request's user if the request has already loaded them, else
    None. A log line never loads the user itself: that would read the session and
    the database (which may be the very thing that is down)."""
    user = request.__dict__.get("user")
    # type(), not isinstance(): asking a lazy object its class would load it.
    if type(user) is SimpleLazyObject:
        # AuthenticationMiddleware's lazy user, cached here once it is read.
        user = request.__dict__.get("_cached_user")
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user.pk


def current_request_id() -> str | None:
    context = _context.get()
    return context.request_id if context else None


def current_user_id() -> int | None:
    context = _context.get()
    return loaded_user_id(context.request) if context else None


def scrub(text: str) -> str:
    """The text without query strings in request lines, personal numbers and
    e-mail addresses."""
    text = _REQUEST_LINE_QUERY.sub(r"\1", text)
    text = _EMAIL.sub("[e-mail]", text)
    return _PERSONAL_NUMBER.sub("[personnummer]", text)


def _value(key: str, value: Any) -> Any:
    if _SECRET_NAMES.search(key):
        return "[redacted]"
    if isinstance(value, str):
        return scrub(value)
    if value is None or isinstance(value, bool | int | float):
        return value
    return scrub(str(value))


def _context_of(record: logging.LogRecord) -> tuple[str | None, int | None]:
    """The request id and user id of a line: given with it (gunicorn's access
    line, which is written after the request) or those of the current request."""
    if "request_id" in record.__dict__:
        return record.__dict__["request_id"], record.__dict__.get("user_id")
    return current_request_id(), current_user_id()


class JsonFormatter(logging.Formatter):
    """One JSON object per line (newlines in a message or traceback are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        request_id, user_id = _context_of(record)
        line = {
            "timestamp": datetime.datetime.fromtimestamp(
                record.created, tz=datetime.UTC
            ).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": scrub(record.getMessage()),
            "request_id": request_id,
            "user_id": user_id,
        }
        for key, value in record.__dict__.items():
            if key not in _RECORD_ATTRIBUTES and key not in _NOT_LOGGED:
                line[key] = _value(key, value)
        if record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        if record.stack_info:
            line["stack"] = scrub(self.formatStack(record.stack_info))
        return json.dumps(line, ensure_ascii=False, default=str)


class TextFormatter(logging.Formatter):
    """For a developer's terminal: time, level, logger, request, message, extras."""

    def __init__(self) -> None:
        super().__init__(
            "%(asctime)s %(levelname)s %(name)s %(context)s%(message)s%(extras)s"
        )

    def format(self, record: logging.LogRecord) -> str:
        request_id, user_id = _context_of(record)
        record.context = (
            f"[{request_id[:8]} user={user_id or '-'}] " if request_id else ""
        )
        record.extras = "".join(
            f" {key}={_value(key, value)}"
            for key, value in record.__dict__.items()
            if key not in _RECORD_ATTRIBUTES and key not in _NOT_LOGGED
        )
        return scrub(super().format(record))
