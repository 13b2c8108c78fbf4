import datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from members.models import ApiToken, Organisation, User
from members.tokens import TOKEN_ROLES, api_token_create


class Command(BaseCommand):
    help = (
        "Make an API token for a machine client (the archive, another system) and "
        "print it once: only its digest is stored."
    )

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True, help="e.g. 'E-arkivet'")
        parser.add_argument(
            "--organisation",
            required=True,
            help="the owner: its slug, municipality code or organisation number",
        )
        parser.add_argument("--scope", required=True, choices=ApiToken.Scope.values)
        parser.add_argument(
            "--role",
            action="append",
            default=[],
            choices=[str(role) for role in TOKEN_ROLES],
            help="a role the token acts with (repeat for more); a read token needs none",
        )
        parser.add_argument("--expires-in-days", type=int, help="unset: until revoked")

    def handle(
        self, *args, name, organisation, scope, role, expires_in_days, **options
    ):
        found = list(
            Organisation.objects.filter(
                Q(slug=organisation)
                | Q(municipality_code=organisation)
                | Q(org_number=organisation)
            )[:2]
        )
        if len(found) != 1:
            raise CommandError(f"No single organisation is {organisation!r}.")
        expires_at = None
        if expires_in_days is not None:
            if expires_in_days < 1:
                raise CommandError("--expires-in-days must be at least 1.")
            expires_at = timezone.now() + datetime.timedelta(days=expires_in_days)
        try:
            row, token = api_token_create(
                user=User.objects.system(),
                name=name,
                organisation=found[0],
                scope=scope,
                roles=role,
                expires_at=expires_at,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stderr.write(
            f"API token {row.name!r} of {row.organisation} ({row.scope}) made. "
            "It is printed once, below; store it in the client's secrets now."
        )
        self.stdout.write(token)
