"""A local S3 server for the tests: moto's S3 in a thread, on 127.0.0.1.

As a script it is the launcher of a test run on S3, production's storage:

    python tests/s3_server.py -- pytest -n 2 …

starts the server on a free port, sets the SSR_S3_* variables the settings read
(before pytest-django loads them, which a conftest.py would be too late for), runs
the command and stops the server when it ends. Each pytest-xdist worker then uses
its own bucket (ssr_portal/settings/test.py), which tests/conftest.py creates.

`S3Server` is also what the storage tests start in their own process to stop and
start the object store under an upload (tests/ssr_portal/test_storage.py).
"""

import logging
import os
import subprocess
import sys
import threading

from werkzeug.serving import make_server

BUCKET = "ssr-test"
REGION = "eu-north-1"
# moto accepts any key; these are names, not secrets.
ACCESS_KEY_ID = "ssr-test"
SECRET_ACCESS_KEY = "ssr-test-secret"  # noqa: S105


class S3Server:
    """moto's S3 server in a thread of this process. `stop` closes the port, so a
    client meets a refused connection, as with a store that is down; `start`
    again opens the same port, with the objects still there (moto keeps them in
    this process)."""

    def __init__(self, port: int = 0):
        self.port = port
        self._server = None
        self._thread = None

    @property
    def is_running(self) -> bool:
        return self._server is not None

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "S3Server":
        from moto.moto_server.werkzeug_app import (
            DomainDispatcherApplication,
            MotoRequestHandler,
            create_backend_app,
        )

        # werkzeug would log every request at INFO.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server = make_server(
            "127.0.0.1",
            self.port,
            DomainDispatcherApplication(create_backend_app),
            threaded=True,
            request_handler=MotoRequestHandler,
        )
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join()
            self._server = self._thread = None

    def environment(self, bucket: str = BUCKET) -> dict[str, str]:
        """The SSR_S3_* variables of production's storage on this server."""
        return {
            "SSR_S3_BUCKET": bucket,
            "SSR_S3_ENDPOINT_URL": self.endpoint_url,
            "SSR_S3_REGION": REGION,
            "SSR_S3_ACCESS_KEY_ID": ACCESS_KEY_ID,
            "SSR_S3_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
            "SSR_S3_ADDRESSING_STYLE": "path",
        }


def s3_environment(options: dict) -> dict[str, str]:
    """The SSR_S3_* variables that configure a process with these S3 OPTIONS
    (STORAGES["default"]["OPTIONS"]; the inverse of s3_storage_settings)."""
    values = {
        "SSR_S3_BUCKET": options["bucket_name"],
        "SSR_S3_ENDPOINT_URL": options["endpoint_url"],
        "SSR_S3_REGION": options["region_name"],
        "SSR_S3_ACCESS_KEY_ID": options["access_key"],
        "SSR_S3_SECRET_ACCESS_KEY": options["secret_key"],
        "SSR_S3_PREFIX": options["location"],
        "SSR_S3_ADDRESSING_STYLE": options["addressing_style"],
    }
    return {key: value or "" for key, value in values.items()}


def create_bucket(storage) -> None:
    """Create the bucket of an S3 storage, if it is not there (the IT department
    creates production's; the tests' are new with each server)."""
    client = storage.connection.meta.client
    try:
        client.head_bucket(Bucket=storage.bucket_name)
    except client.exceptions.ClientError:
        client.create_bucket(
            Bucket=storage.bucket_name,
            CreateBucketConfiguration={"LocationConstraint": storage.region_name},
        )


def main(argv: list[str]) -> int:
    if "--" in argv:
        argv = argv[argv.index("--") + 1 :]
    if not argv:
        print("usage: python tests/s3_server.py -- COMMAND …", file=sys.stderr)
        return 2
    server = S3Server().start()
    print(f"== S3 (moto) at {server.endpoint_url}", flush=True)
    try:
        return subprocess.call(argv, env={**os.environ, **server.environment()})
    except KeyboardInterrupt:
        return 130
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
