"""The one signal receiver of the målbild, and why it is one (STYLE.md §4 has
no signals for domain flow): a member organisation is created in many places
that are no service of ours (the Django admin, members.services' population
import with get_or_create, data migrations, the demo), and each new member must
get its row in every vision not yet over. A linked case's approval and board
decision, by contrast, reach the member's row through the explicit hooks of the
cases app (cases/hooks.py), registered in TargetsConfig.ready()."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from members.models import Organisation

from . import services


@receiver(post_save, sender=Organisation, dispatch_uid="targets_member_joined")
def member_joined(sender, instance: Organisation, created: bool, **kwargs) -> None:
    """A new member gets its row (not started) in every vision not yet over."""
    if created and instance.kind != Organisation.Kind.NETWORK:
        services.member_rows_for_new_member(instance)
