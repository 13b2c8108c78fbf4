"""WSGI entry point (gunicorn ssr_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssr_portal.settings.base")

application = get_wsgi_application()
