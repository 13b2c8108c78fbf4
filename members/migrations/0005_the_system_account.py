"""The portal's own account (User.objects.system()): the one who acts in
management commands, imports, the demo, background tasks and the notice that
follows a justering, so that the history names it. Inactive, with no password:
it cannot log in."""

from django.contrib.auth.hashers import make_password
from django.db import migrations

SYSTEM_USERNAME = "ssr-portalen"


def create(apps, schema_editor):
    User = apps.get_model("members", "User")
    User.objects.update_or_create(
        username=SYSTEM_USERNAME,
        defaults={
            "first_name": "SSR-portalen",
            "is_active": False,
            "is_system": True,
            "password": make_password(None),
        },
    )


class Migration(migrations.Migration):
    dependencies = [("members", "0004_user_is_system")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
