"""Who may do what in the målbild: the predicates the views, the API and the
services share, and the one check that refuses anyone but the SSR-samordnare.
They write nothing (STYLE.md §4)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from members.models import Organisation, User
from members.roles import Role

# --- who may do what ---------------------------------------------------------


def user_may_manage_visions(user: User) -> bool:
    """The SSR-samordnare keeps the målbild (and a superuser)."""
    return user.is_authenticated and (
        user.is_superuser or user.has_role(Role.COORDINATOR)
    )


def user_may_approve_for(user: User, organisation: Organisation) -> bool:
    """Only the member's own kommundirektör (or biträdande) approves for it."""
    return (
        user.is_authenticated
        and user.is_active
        and user.organisation_id == organisation.pk
        and user.has_role(Role.DIRECTOR)
    )


def member_uses_portal(organisation: Organisation) -> bool:
    """Whether someone of the member works in this portal: then its approval is
    made by its kommundirektör here, never typed in by someone else."""
    return User.objects.filter(organisation=organisation, is_active=True).exists()


def check_manager(user: User) -> None:
    """Refuse (PermissionDenied, with the message) anyone who may not keep the
    vision."""
    if not user_may_manage_visions(user):
        raise PermissionDenied(_("Only an SSR coordinator may change the vision."))
