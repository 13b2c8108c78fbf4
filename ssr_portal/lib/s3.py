"""The portal's S3 storage: django-storages' S3Storage, behaving like the file system.

Configured by `ssr_portal.lib.storage.s3_storage_settings` (SSR_S3_* variables).
What it changes in S3Storage:

- A failure of the object store (no answer, a timeout, a refusal) is
  `StorageUnavailable`, whichever call met it, so that the portal can say so in
  Swedish instead of answering 500 (a missing object stays FileNotFoundError).
- A file opened for reading is fetched at once, inside that translation: a store
  that fails half-way fails the open, not a later read somewhere else.
- `url()` is the MEDIA_URL path, as FileSystemStorage's: no address of the bucket,
  presigned or not, ever reaches a browser (nothing serves MEDIA_URL; files go
  out through the portal's views).
- The client gives up in seconds, not minutes: a short connect timeout and
  three attempts, so an upload to a store that is down answers while the person
  still waits. Checksums are sent only where S3 requires them, which every
  S3-compatible store (MinIO, Ceph) understands.
"""

import functools
import logging
from urllib.parse import urljoin

from boto3.exceptions import Boto3Error
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage

from .storage import StorageUnavailable

logger = logging.getLogger(__name__)

CONNECT_TIMEOUT_SECONDS = 5
READ_TIMEOUT_SECONDS = 60
MAX_ATTEMPTS = 3


def _translated(method):
    """Run a storage method, turning the object store's failures into
    StorageUnavailable (a missing bucket too), and a missing object into
    FileNotFoundError."""

    @functools.wraps(method)
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except ClientError as error:
            status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
            code = error.response.get("Error", {}).get("Code", "")
            if status == 404 and code != "NoSuchBucket":
                raise FileNotFoundError(str(error)) from error
            logger.error("The object store refused %s: %s", method.__name__, error)
            raise StorageUnavailable from error
        except (BotoCoreError, Boto3Error) as error:
            logger.error("The object store failed %s: %s", method.__name__, error)
            raise StorageUnavailable from error

    return wrapper


class PortalS3Storage(S3Storage):
    def __init__(self, **options):
        super().__init__(**options)
        if options.get("client_config") is None:
            self.client_config = Config(
                s3={"addressing_style": self.addressing_style},
                signature_version=self.signature_version,
                proxies=self.proxies,
                connect_timeout=CONNECT_TIMEOUT_SECONDS,
                read_timeout=READ_TIMEOUT_SECONDS,
                retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            )

    @_translated
    def _open(self, name, mode="rb"):
        file = super()._open(name, mode)
        if "r" in mode:
            file.file  # noqa: B018 (fetches the object now)
        return file

    @_translated
    def _save(self, name, content):
        return super()._save(name, content)

    @_translated
    def delete(self, name):
        return super().delete(name)

    @_translated
    def exists(self, name):
        return super().exists(name)

    @_translated
    def listdir(self, name):
        return super().listdir(name)

    @_translated
    def size(self, name):
        return super().size(name)

    @_translated
    def get_modified_time(self, name):
        return super().get_modified_time(name)

    def url(self, name, parameters=None, expire=None, http_method=None):
        return urljoin(settings.MEDIA_URL, filepath_to_uri(name).lstrip("/"))
