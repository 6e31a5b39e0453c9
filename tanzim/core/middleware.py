"""A database that does not answer (restart, failover, network) gives a clear 503 page, not a 500.

Two ways a database error reaches us:
- raised by a view (or the rendering of its template): `process_exception`;
- raised by another middleware (loading the session, the user) or while saving the session: Django
  has already turned it into a 500 response before it comes back here, so a `got_request_exception`
  receiver marks the request and this middleware, the outermost one, swaps the 500 for the 503.

The page is a static template (no context processors, no query): the database is down.
With `CONN_HEALTH_CHECKS` on (settings), the next request checks its persistent connection and
opens a new one, so the service comes back by itself once the database does.
"""

from __future__ import annotations

import logging
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("tanzim.database")

UNAVAILABLE = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30


def database_unavailable_response() -> HttpResponse:
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def _mark(sender, request: HttpRequest | None = None, **kwargs) -> None:
    error = sys.exc_info()[1]
    if request is not None and isinstance(error, UNAVAILABLE):
        request._tanzim_database_error = error


got_request_exception.connect(_mark, dispatch_uid="tanzim.core.middleware.mark_database_errors")


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        error = getattr(request, "_tanzim_database_error", None)
        if error is not None and response.status_code >= 500:
            return self._unavailable(request, error)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, UNAVAILABLE):
            return self._unavailable(request, exception)
        return None

    def _unavailable(self, request: HttpRequest, error: Exception) -> HttpResponse:
        logger.error(
            "database unavailable: %s %s: %s: %s",
            request.method,
            request.path,
            type(error).__name__,
            str(error).strip().splitlines()[0] if str(error).strip() else "",
        )
        return database_unavailable_response()
