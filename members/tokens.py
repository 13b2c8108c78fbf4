"""API tokens of machine clients (members.models.ApiToken): made, found, revoked.

A token reads `ssr_<prefix>_<secret>`. The prefix finds the row; the row keeps
only the SHA-256 of the whole token, so a copy of the database gives nobody a
token. The token is shown once, by whoever makes it (the admin, or
`manage.py api_token_create`), and cannot be shown again: a lost token is
revoked and a new one made.
"""

import datetime
import hashlib
import hmac
import secrets
import string

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _

from .models import ApiToken, Organisation, User
from .roles import Role

PREFIX_LENGTH = 10
# A token's user is written to at most this often (last_used_at), not per request.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)
# The roles a machine client may carry: registering, closing, dispatching.
# Approving is a person's signature, and the coordinator's register is kept by hand.
TOKEN_ROLES = (Role.OFFICIAL, Role.SECRETARY, Role.REGISTRAR)


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _may_manage(user: User) -> bool:
    return user.is_system or (user.is_active and user.has_perm("members.add_apitoken"))


def api_token_create(
    *,
    user: User,
    name: str,
    organisation: Organisation,
    scope: str,
    roles: list[str] | tuple[str, ...] = (),
    expires_at: datetime.datetime | None = None,
) -> tuple[ApiToken, str]:
    """Make a token and the account it acts as; gives the row and the token,
    which is not kept anywhere: the caller shows it once."""
    if not _may_manage(user):
        raise PermissionDenied(_("Only an administrator may make API tokens."))
    name = name.strip()
    if not name:
        raise ValidationError({"name": _("Give the token a name.")})
    if scope not in ApiToken.Scope.values:
        raise ValidationError({"scope": _("The scope is read or write.")})
    unknown = [role for role in roles if role not in TOKEN_ROLES]
    if unknown:
        raise ValidationError(
            {
                "roles": _("An API token may have only these roles: %(roles)s.")
                % {"roles": ", ".join(TOKEN_ROLES)}
            }
        )
    if expires_at is not None and expires_at <= timezone.now():
        raise ValidationError({"expires_at": _("The expiry must be in the future.")})
    prefix = get_random_string(PREFIX_LENGTH, string.ascii_lowercase + string.digits)
    token = f"ssr_{prefix}_{secrets.token_urlsafe(32)}"
    with transaction.atomic():
        client = User(
            username=f"api-{prefix}",
            first_name=name[:150],
            title=_("API token"),
            organisation=organisation,
            is_api_client=True,
            is_active=True,
        )
        client.set_unusable_password()
        client._history_user = None if user.is_system else user
        client.save()
        client.groups.set(
            [Group.objects.get_or_create(name=str(role))[0] for role in roles]
        )
        row = ApiToken(
            name=name,
            organisation=organisation,
            scope=scope,
            prefix=prefix,
            digest=digest_of(token),
            user=client,
            expires_at=expires_at,
            created_by=None if user.is_system else user,
        )
        row.full_clean()
        row.save()
    return row, token


def api_token_revoke(*, user: User, token: ApiToken) -> ApiToken:
    """Revoke a token for good: its next request is a 401. Its account stays,
    inactive, for the history that names it."""
    if not _may_manage(user):
        raise PermissionDenied(_("Only an administrator may revoke API tokens."))
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update(of=("self",)).get(pk=token.pk)
        if locked.revoked_at is None:
            locked.revoked_at = timezone.now()
            locked.save(update_fields=["revoked_at", "updated_at"])
            User.objects.filter(pk=locked.user_id).update(is_active=False)
    token.refresh_from_db()
    return token


def token_find(value: str) -> ApiToken | None:
    """The usable token whose secret `value` is, or None (unknown, revoked,
    expired, or its account made inactive); marks it used."""
    if (
        not value.startswith("ssr_")
        or value[4 + PREFIX_LENGTH : 5 + PREFIX_LENGTH] != "_"
    ):
        return None
    prefix = value[4 : 4 + PREFIX_LENGTH]
    try:
        row = ApiToken.objects.select_related("user").get(prefix=prefix)
    except ApiToken.DoesNotExist:
        return None
    if not hmac.compare_digest(row.digest, digest_of(value)):
        return None
    now = timezone.now()
    client = row.user
    # Whatever is done to its account in the admin, a token acts only as a
    # machine client of its own organisation, without the admin's powers.
    if (
        not row.is_usable(now)
        or not client.is_active
        or not client.is_api_client
        or client.is_superuser
        or client.is_staff
        or client.organisation_id != row.organisation_id
    ):
        return None
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row
