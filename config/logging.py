"""Structured logs: one JSON object a line, with the request id and the member's id.

Never a post body, an email address or any health detail: log records carry ids, paths
and outcomes only. Control characters in messages are escaped by JSON encoding, so user
input cannot forge extra log lines.
"""

import contextvars
import json
import logging
import re
import uuid
from datetime import UTC, datetime

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
user_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("user_id", default="-")

_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


# allauth's emailed links carry a secret in their path (email confirmation, password
# reset): whoever reads a log line with one could confirm or take over the account.
_SECRET_IN_PATH = re.compile(
    r"(/accounts/(?:confirm-email|password/reset/key)/)(?!done/)[^/\s\"'?]+"
)


def mask_secrets(text: str) -> str:
    return _SECRET_IN_PATH.sub(r"\1***", text)


class RequestContextFilter(logging.Filter):
    """Adds the request id and member id to each record, and masks secrets in paths
    (Django's own "Not Found: <path>" lines included)."""

    def filter(self, record):
        record.request_id = request_id_var.get()
        record.user_id = user_id_var.get()
        message = record.getMessage()
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
            "user_id": getattr(record, "user_id", "-"),
        }
        status = getattr(record, "status_code", None)
        if status:
            entry["status"] = status
        if record.exc_info:
            entry["traceback"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=True)


class RequestIdMiddleware:
    """Give every request an id (the proxy's X-Request-ID when it looks sane), put it and
    the member's id into every log line, and return it in the response headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        id_token = request_id_var.set(request_id)
        user_token = user_id_var.set("-")
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(id_token)
            user_id_var.reset(user_token)
        response["X-Request-ID"] = request_id
        return response


class UserIdMiddleware:
    """After authentication: record who is asking (the id only) for the log lines."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            user_id_var.set(str(user.pk))
        return self.get_response(request)


try:
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # gunicorn is the production server; tests and tools may lack it
    _GunicornLogger = object


class GunicornLogger(_GunicornLogger):
    """gunicorn's access log without what identifies a patient or opens an account: the
    format (gunicorn.conf.py) has no client address and no query string (search words),
    and this masks the secrets of emailed links in the path."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ("U", "r", "{raw_uri}e"):
            if isinstance(atoms.get(name), str):
                atoms[name] = mask_secrets(atoms[name])
        return atoms
