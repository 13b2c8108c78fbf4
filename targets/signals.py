"""A linked case's approval and board decision reach the member's row for the
vision by themselves, in the same transaction as the step in the cases app."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from cases.models import ApprovalEvent, Decision

from . import services


@receiver(post_save, sender=ApprovalEvent, dispatch_uid="targets_case_approved")
def case_approved(sender, instance: ApprovalEvent, created: bool, **kwargs) -> None:
    if created:
        services.approval_from_case_approval(instance)


@receiver(post_save, sender=Decision, dispatch_uid="targets_board_decided")
def board_decided(sender, instance: Decision, **kwargs) -> None:
    services.approval_from_decision(instance)
