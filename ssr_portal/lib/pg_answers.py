"""Exit 0 when a PostgreSQL server answers at the given URL (used by `make test`)."""

import sys

import psycopg

try:
    url = sys.argv[1].replace("/ssr_portal", "/postgres")
    with psycopg.connect(url, connect_timeout=2):
        pass
except psycopg.Error:
    sys.exit(1)
