from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation

from ssr_portal.lib.storage import StorageUnavailable

# What a person is asked to wait before trying again when the file storage is down.
STORAGE_RETRY_AFTER_SECONDS = 60


class SwedishFirstLocaleMiddleware(LocaleMiddleware):
    """The language a person chose with the switch (cookie), otherwise Swedish.

    Django's LocaleMiddleware would follow the browser's Accept-Language, which
    would give an official with an English browser an English portal; a Swedish
    public-sector service is Swedish unless someone asks for English.
    """

    def process_request(self, request: HttpRequest) -> None:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class StorageUnavailableMiddleware:
    """A file storage that does not answer (StorageUnavailable, from any view: a
    download, a PDF that is stored, an upload) is the page "Files cannot be
    reached" with status 503 and Retry-After, not a 500. Views that can keep a
    form (the attachment upload) catch it themselves and show it in the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, StorageUnavailable):
            return None
        response = render(
            request,
            "storage_unavailable.html",
            {"message": StorageUnavailable.message},
            status=503,
        )
        response["Retry-After"] = str(STORAGE_RETRY_AFTER_SECONDS)
        return response
