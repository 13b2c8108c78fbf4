"""The number format is the diarium's (0009 copied it there)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0009_diarium_per_board")]

    operations = [
        migrations.RemoveField(
            model_name="board",
            name="number_format",
        ),
        migrations.RemoveField(
            model_name="historicalboard",
            name="number_format",
        ),
    ]
