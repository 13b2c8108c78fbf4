"""ASGI entry point (uvicorn or daphne: ssr_portal.asgi:application)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssr_portal.settings.base")

application = get_asgi_application()
