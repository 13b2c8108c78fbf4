from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
