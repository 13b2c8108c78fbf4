"""gunicorn's logger class for the portal (gunicorn.conf.py, `logger_class`): its
own lines and its access log in the portal's shape (ssr_portal/lib/log.py), JSON
or text as SSR_LOG_FORMAT says.

An access line has the method, the path without its query string (a search in
the diarium may hold a personnummer), the status, the duration, the bytes sent,
the request id and the user id that the portal left in the WSGI environ
(ssr_portal/middleware.py, RequestIdMiddleware). No IP address, user agent,
referrer or Authorization header: gunicorn's default access format has all four.
"""

import logging

from gunicorn import glogging

from .env import env_bool, env_str
from .log import JsonFormatter, TextFormatter, log_format, request_id_from


def _format() -> str:
    """As the settings choose it (gunicorn's master does not load Django)."""
    default = "text" if env_bool("SSR_DEBUG") else "json"
    return log_format(env_str("SSR_LOG_FORMAT", default))


class PortalLogger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        formatter = JsonFormatter() if _format() == "json" else TextFormatter()
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                handler.setFormatter(formatter)

    def access(self, resp, req, environ, request_time) -> None:
        if not self.access_log_enabled:
            return
        status = resp.status
        if isinstance(status, str):
            status = status.split(None, 1)[0]
        method = environ.get("REQUEST_METHOD", "-")
        path = environ.get("PATH_INFO", "")
        fields = {
            "method": method,
            "path": path,
            "status": int(status),
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "bytes": getattr(resp, "sent", None),
            # Set by the portal; a request that never reached it (a malformed
            # one) has the header's id if sane, or none.
            "request_id": environ.get("ssr.request_id")
            or (
                request_id_from(environ["HTTP_X_REQUEST_ID"])
                if "HTTP_X_REQUEST_ID" in environ
                else None
            ),
            "user_id": environ.get("ssr.user_id"),
        }
        try:
            self.access_log.log(
                logging.INFO, "%s %s %s", method, path, status, extra=fields
            )
        except Exception:
            self.exception("Could not write the access log line")
