"""Writes to the member register: population imports, roles, the cost key."""

import csv
import decimal
from pathlib import Path

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Organisation, Population
from .reference import MUNICIPALITY_NAMES
from .roles import Role

# Model permissions each role's group holds (the admin and the API honour them).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.OFFICIAL: ["cases.add_case", "cases.change_case", "cases.add_journalentry"],
    Role.DIRECTOR: ["cases.change_case"],
    Role.SECRETARY: ["cases.add_case", "cases.change_case", "cases.add_journalentry"],
    Role.REGISTRAR: [
        "cases.add_case",
        "cases.change_case",
        "cases.add_journalentry",
        "cases.change_journalentry",
    ],
    Role.COORDINATOR: [
        "members.change_organisation",
        "members.add_population",
        "members.change_population",
        "members.change_chefsgruppseat",
    ],
}


def roles_ensure() -> list[Group]:
    """Create the role groups with their permissions (idempotent)."""
    groups = []
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        codenames = ROLE_PERMISSIONS.get(role, [])
        permissions = [
            Permission.objects.get(
                content_type__app_label=name.split(".")[0],
                codename=name.split(".")[1],
            )
            for name in codenames
        ]
        group.permissions.set(permissions)
        groups.append(group)
    return groups


def municipality_name(code: str, short_name: str) -> str:
    return MUNICIPALITY_NAMES.get(code, f"{short_name} kommun")


def population_import_csv(*, path: Path) -> tuple[int, int]:
    """Import SCB populations from a CSV `kommunkod,kommun,year,population,source`.

    Creates a municipality the first time its kommunkod appears; updates a year's
    figure when it changed. Returns (created, updated). A malformed row refuses the
    whole file with its line number, so a half import never happens.
    """
    created = updated = 0
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    with transaction.atomic():
        for line, row in enumerate(rows, start=2):
            try:
                code = row["kommunkod"].strip()
                year = int(row["year"])
                value = int(row["population"])
            except (KeyError, ValueError, AttributeError) as error:
                raise ValidationError(
                    _("Line %(line)s of %(file)s is not a valid population row.")
                    % {"line": line, "file": path.name}
                ) from error
            organisation, _created = Organisation.objects.get_or_create(
                municipality_code=code,
                defaults={
                    "name": municipality_name(code, row["kommun"].strip()),
                    "short_name": row["kommun"].strip(),
                    "slug": slugify(row["kommun"].strip()),
                    "kind": Organisation.Kind.MUNICIPALITY,
                },
            )
            population, was_created = Population.objects.get_or_create(
                organisation=organisation,
                year=year,
                defaults={"population": value, "source": row.get("source", "")},
            )
            if was_created:
                created += 1
            elif population.population != value or population.source != row.get(
                "source", ""
            ):
                population.population = value
                population.source = row.get("source", "")
                population.full_clean()
                population.save()
                updated += 1
    return created, updated


def organisation_set_cost_weight(
    *, organisation: Organisation, weight: decimal.Decimal | None
) -> Organisation:
    """Set one member's weight in the key for the non-municipal half of the cost."""
    if organisation.is_municipality:
        raise ValidationError(
            _("Municipalities pay by population; they have no weight in the key.")
        )
    organisation.cost_weight = weight
    organisation.full_clean()
    organisation.save()
    return organisation
