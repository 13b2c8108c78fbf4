"""HTTP responses every app's views share."""

from typing import cast

from django.http import HttpResponse
from django.utils.http import content_disposition_header


def pdf_response(data: bytes, filename: str, *, private: bool = True) -> HttpResponse:
    """A PDF shown in the browser (inline) under the name "Save" suggests, the
    header built by Django (a quote or a non-ASCII letter in a case number
    cannot break it). A private PDF is kept by no shared cache."""
    response = HttpResponse(data, content_type="application/pdf")
    # Django returns None only for an inline file without a name; every PDF has one.
    response["Content-Disposition"] = cast(
        str, content_disposition_header(False, filename)
    )
    if private:
        response["Cache-Control"] = "private, no-cache"
    return response
