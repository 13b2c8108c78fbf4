# Merges the two migrations that justering and anslag/dispatch added side by side.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0007_anslag_dispatch"),
        ("cases", "0007_justering"),
    ]

    operations = []
