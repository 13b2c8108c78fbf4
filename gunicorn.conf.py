"""gunicorn's configuration for the portal: `gunicorn ssr_portal.wsgi` run from the
repository's folder reads it by itself (`make serve` does). Every value a machine
may need to change comes from the environment (.env.example)."""

import multiprocessing
import os
from pathlib import Path

# Where it listens. Behind a load balancer or reverse proxy: the address the
# proxy reaches (e.g. 0.0.0.0:8000 in a container, or a unix socket).
bind = os.environ.get("SSR_BIND", "127.0.0.1:8000")

# Workers from the core count (gunicorn's rule of thumb, 2 per core + 1), or
# SSR_WEB_WORKERS. Each is a process of its own with its own database
# connection; a PDF render holds its worker for its duration.
workers = int(os.environ.get("SSR_WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)

# A fresh tjänsteskrivelse, minutes or follow-up report is rendered in the request
# (WeasyPrint: well under a second for the demo, seconds for a long document);
# the long work (bundles, dispatch) is done by the task worker. A worker silent
# for longer than this is killed and restarted.
timeout = 120
# On SIGTERM (a restart, Ctrl-C under `make serve`) a request under way has this
# long to finish.
graceful_timeout = 30
keepalive = 5
# A worker is replaced after about this many requests: WeasyPrint's memory is given
# back to the system, not kept for the life of the process.
max_requests = 1000
max_requests_jitter = 100
# No control socket (gunicornc): several app servers on one machine would share
# its one default path.
control_socket_disable = True
# Worker heartbeats in memory, not on a disk that may be slow (containers).
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None

# Behind a proxy: gunicorn believes X-Forwarded-Proto (and the like) only from
# these addresses; set SSR_FORWARDED_ALLOW_IPS to the load balancer's address(es),
# comma separated. Django reads X-Forwarded-Proto itself (SECURE_PROXY_SSL_HEADER),
# so the proxy must set it on every request and drop one a client sends.
forwarded_allow_ips = os.environ.get("SSR_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Access log to stdout, gunicorn's own lines to stderr, both in the portal's shape
# (JSON lines, or text with SSR_LOG_FORMAT=text): ssr_portal/lib/gunicorn_log.py.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("SSR_LOG_LEVEL", "info").lower()
logger_class = "ssr_portal.lib.gunicorn_log.PortalLogger"
