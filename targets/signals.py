"""A linked case's approval and board decision reach the member's row for the
vision by themselves, in the same transaction as the step in the cases app."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import ApprovalEvent, Decision
from members.models import Organisation

from . import services


@receiver(post_save, sender=ApprovalEvent, dispatch_uid="targets_case_approved")
def case_approved(sender, instance: ApprovalEvent, created: bool, **kwargs) -> None:
    if created:
        services.approval_from_case_approval(instance)


@receiver(post_save, sender=Decision, dispatch_uid="targets_board_decided")
def board_decided(sender, instance: Decision, **kwargs) -> None:
    services.approval_from_decision(instance)


@receiver(post_save, sender=Organisation, dispatch_uid="targets_member_joined")
def member_joined(sender, instance: Organisation, created: bool, **kwargs) -> None:
    """A new member gets its row (not started) in every vision not yet over."""
    if created and instance.kind != Organisation.Kind.NETWORK:
        services.member_rows_for_new_member(instance)
