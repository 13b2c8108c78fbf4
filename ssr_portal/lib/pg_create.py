"""Create the PostgreSQL database of a URL when it is missing (used by `make
serve`); exit 1 with a message when the server does not answer."""

import sys
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql


def main(url: str) -> int:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    server = urlunsplit(parts._replace(path="/postgres"))
    try:
        with psycopg.connect(server, connect_timeout=3, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(
                    sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
                )
                print(f"Created the database {name}.")
    except psycopg.Error as error:
        print(
            f"PostgreSQL does not answer at {parts.hostname}:{parts.port or 5432} "
            f"({error.__class__.__name__}). Start it (Debian: pg_ctlcluster 15 main "
            "start) or set PG_URL.",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
