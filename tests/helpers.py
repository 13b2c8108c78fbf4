"""Helpers shared by the test suite."""

from django.conf import settings
from django.test import Client


def use_language(client: Client, language: str) -> Client:
    """Choose the portal's language as a person does with the language switch.

    The switch sets the language cookie; the portal ignores the browser's
    Accept-Language and is Swedish otherwise (ssr_portal/middleware.py).
    """
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client
