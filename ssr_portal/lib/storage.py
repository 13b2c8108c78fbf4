"""Uploaded and generated files: where they are kept and how a reader reaches them.

Every file of the portal goes through Django's storage API (`default_storage` and
the models' FileFields): a folder under MEDIA_ROOT by default, a bucket of
S3-compatible object storage in production (`s3_storage_settings`, used by the
settings when SSR_S3_BUCKET is set; the backend is `ssr_portal.lib.s3`).

No file is served from the storage's own address: nothing serves MEDIA_URL, and
the S3 backend hands out no bucket URLs. Attachments, vision documents and
evidence are downloads of access-checked views. The one exception is the
organisations' letterhead logos, which every page preview and every PDF of a
tjänsteskrivelse shows: `logo_url` is the address of the public view that streams
them from the storage (`ssr_portal.views.logo`), and the PDF fetcher reads the same
address from the storage (`logo_read`), so preview and PDF load the same image.
"""

import logging
import uuid

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# DocumentTemplate.logo's folder: the only files a reader gets without a check.
LOGO_FOLDER = "templates/logos"
# The image types a logo may be, by its name's extension.
LOGO_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".svg": "image/svg+xml",
}

S3_BACKEND = "ssr_portal.lib.s3.PortalS3Storage"
S3_ADDRESSING_STYLES = ("auto", "path", "virtual")


class StorageUnavailable(Exception):
    """The file storage did not answer, or refused (the object store is down,
    unreachable or misconfigured). Nothing was stored or read; the request that
    met it is answered with `message` (a form error, or the 503 page of
    `ssr_portal.middleware.StorageUnavailableMiddleware`)."""

    message = _(
        "The file storage is not available just now, so the file could not be"
        " saved or read. Nothing was changed. Try again in a few minutes."
    )


def _extension(name: str) -> str:
    _stem, dot, extension = name.rpartition(".")
    return f".{extension.lower()}" if dot else ""


def generated_name(folder: str, name: str) -> str:
    """A storage name for an uploaded file: `folder`, a random name and the upload's
    extension ("attachments/7/3f2a….pdf").

    The name a person gave the file ("Protokollsutdrag 2024-03-12 § 45.pdf") is
    kept in the row's `original_name`, shown and offered as the download name; the
    storage never sees it, so no character of it is lost to a file system's or an
    object store's rules, and two files of the same name never meet."""
    return f"{folder.rstrip('/')}/{uuid.uuid4().hex}{_extension(name)[:11]}"


def logo_name(name: str) -> str | None:
    """The storage name of the logo file `name` (a name as in the logo's URL),
    or None for anything that is not directly in LOGO_FOLDER or not an image."""
    if not name or "/" in name or "\\" in name or name.startswith("."):
        return None
    if _extension(name) not in LOGO_TYPES:
        return None
    return f"{LOGO_FOLDER}/{name}"


def logo_content_type(name: str) -> str:
    """The image type of a logo, by its name (as `logo_name` accepted it)."""
    return LOGO_TYPES[_extension(name)]


def logo_url(stored_name: str) -> str:
    """The address of a logo (a DocumentTemplate.logo's name) for pages and PDFs;
    "" for a file that is not one of LOGO_TYPES (the letterhead then prints the
    organisation's name)."""
    folder, _slash, name = stored_name.rpartition("/")
    if folder != LOGO_FOLDER or logo_name(name) is None:
        logger.warning("The logo %s is not a PNG, JPEG or SVG image", stored_name)
        return ""
    return reverse("logo", kwargs={"name": name})


def logo_url_prefix() -> str:
    """The path every logo's address starts with ("/logos/")."""
    return reverse("logo", kwargs={"name": "x.png"}).removesuffix("x.png")


def logo_read(name: str) -> bytes:
    """The bytes of the logo whose address ends in `name` (FileNotFoundError for
    none; StorageUnavailable when the storage does not answer)."""
    stored = logo_name(name)
    if stored is None:
        raise FileNotFoundError(name)
    with default_storage.open(stored, "rb") as handle:
        return handle.read()


def s3_storage_settings(
    *,
    bucket: str,
    endpoint_url: str = "",
    region: str = "",
    access_key_id: str = "",
    secret_access_key: str = "",
    prefix: str = "",
    addressing_style: str = "",
) -> dict:
    """STORAGES["default"] for a bucket of S3-compatible object storage, made to
    behave like FileSystemStorage for the portal:

    - a file is never overwritten: a second file of the same name gets a new name
      (django-storages overwrites by default);
    - the objects are private: no ACL is sent, so the bucket's own (private) holds;
    - no URL of the bucket is ever handed out (PortalS3Storage.url is the portal's
      unserved MEDIA_URL path, as FileSystemStorage's);
    - an unset endpoint is AWS; unset keys are boto3's own chain (instance role,
      AWS_* variables, ~/.aws).
    """
    if addressing_style and addressing_style not in S3_ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            "SSR_S3_ADDRESSING_STYLE must be one of "
            f"{', '.join(S3_ADDRESSING_STYLES)}, not {addressing_style!r}"
        )
    return {
        "BACKEND": S3_BACKEND,
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint_url or None,
            "region_name": region or None,
            "access_key": access_key_id or None,
            "secret_key": secret_access_key or None,
            "location": prefix.strip("/"),
            "addressing_style": addressing_style or None,
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": True,
            # Files larger than this are buffered on disk, not in memory, while
            # they are read (attachments may be 25 MB).
            "max_memory_size": 8 * 1024 * 1024,
        },
    }
