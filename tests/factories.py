"""factory_boy factories for the suite (no JSON fixtures tied to ids)."""

import datetime

import factory
from django.contrib.auth.models import Group

from cases.models import Case, DiariumSeries
from members.models import Board, Diarium, Organisation, Population, User
from members.roles import Role
from members.services import board_diarium


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Exempelkommun {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.split()[0])
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = Organisation.Kind.MUNICIPALITY
    # Four digits whatever the sequence has reached in a long run (max_length 4).
    municipality_code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")


class AgencyFactory(OrganisationFactory):
    kind = Organisation.Kind.AGENCY
    municipality_code = ""
    name = factory.Sequence(lambda n: f"Exempelmyndigheten {n}")


class PopulationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Population

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2016
    population = 10000


class BoardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Board

    organisation = factory.SubFactory(OrganisationFactory)
    name = "Kommunstyrelsen"
    prefix = "KS"


class DiariumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Diarium

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Diarium {n}")
    prefix = "KS"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Alice"
    last_name = factory.Sequence(lambda n: f"Andersson {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.se")
    organisation = factory.SubFactory(OrganisationFactory)
    password = factory.PostGenerationMethodCall("set_password", "secret-password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=Role(role).value)[0])
        if create:
            self.save()


class CaseFactory(factory.django.DjangoModelFactory):
    """A case numbered as case_register would number it."""

    class Meta:
        model = Case
        skip_postgeneration_save = True

    board = factory.SubFactory(BoardFactory)
    # The board's diarium, made for it as the first registration would.
    diarium = factory.LazyAttribute(lambda c: board_diarium(board=c.board))
    year = 2023
    serial = factory.Sequence(lambda n: n + 1)
    number = factory.LazyAttribute(
        lambda c: c.diarium.format_number(year=c.year, serial=c.serial)
    )
    title = factory.Sequence(lambda n: f"Ärende {n}")
    registered_date = datetime.date(2023, 3, 20)

    @factory.post_generation
    def series(self, create, extracted, **kwargs):
        """The diarium's series of the year, if there is none, as the first
        registration makes it (the lists' year choices come from the series).
        Its last serial is left where a new series starts, as before a factory
        made series: a test that registers after factory cases chooses its year."""
        if create:
            DiariumSeries.objects.bulk_create(
                [
                    DiariumSeries(
                        diarium=self.diarium,
                        year=self.year,
                        last_serial=self.diarium.first_serial - 1,
                    )
                ],
                ignore_conflicts=True,
            )
