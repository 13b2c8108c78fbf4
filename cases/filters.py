"""Filters of the case list and the public diarium (django-filter).

Each filter's choices come from a small table, never from the cases (a
`DISTINCT` over every visible case on every page view grows with the diarium):

- years from the diarium series (`DiariumSeries`, one row per diarium and year
  in which cases were numbered), of every diarium, since every organisation's
  public cases are listed;
- boards and organisations from their own tables: every member's boards, whose
  names are public (a board's secret cases stay out of the list, not its name);
- case officers from the visitor's own organisation only, so that no choice
  names a person of another organisation, who might handle only secret cases.

A choice may therefore find nothing; the list then says so.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Board, Organisation, User
from ssr_portal.lib.collation import swedish

from .forms.diarium import BoardOfOrganisationChoiceField, UserChoiceField
from .models import Case, DiariumSeries
from .querysets import CaseQuerySet


class _Select(forms.Select):
    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "ds-input", **(attrs or {})}, choices=choices)


class BoardFilter(django_filters.ModelChoiceFilter):
    """Boards with their organisation, e.g. "Kommunstyrelsen (KS), Huddinge kommun"."""

    field_class = BoardOfOrganisationChoiceField


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


def _years() -> list[tuple[str, str]]:
    """The years in which any diarium numbered cases, newest first."""
    years = (
        DiariumSeries.objects.order_by("-year").values_list("year", flat=True)
    ).distinct()
    return [(str(year), str(year)) for year in years]


def _boards():
    """Every board, with its organisation, in Swedish order."""
    return Board.objects.select_related("organisation").order_by(
        swedish("organisation__name"), swedish("name")
    )


def _officers_for(user: User):
    """The people of the user's own organisation (every organisation's for a
    superuser, who sees every case), closed accounts too: they handled cases."""
    people = User.objects.filter(
        # Not an API token's account: a machine handles no case.
        organisation__isnull=False,
        is_api_client=False,
    ).order_by("last_name", "first_name")
    if user.is_superuser:
        return people
    return people.filter(organisation_id=user.organisation_id)


class _CaseSearchFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=forms.TextInput(attrs={"class": "ds-input", "type": "search"}),
        help_text=_("Case number or title, e.g. “2023/236” or “målbild”."),
    )
    year = django_filters.ChoiceFilter(
        label=_("Year"), choices=[], empty_label=_("All years"), widget=_Select
    )

    def __init__(self, data=None, queryset: CaseQuerySet | None = None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        # A callable, so that the query waits until the form needs the choices,
        # and a closure (not a method), so that it survives the form's deepcopy
        # of its fields and runs once for validating and drawing alike.
        years: list[list[tuple[str, str]]] = []

        def year_choices() -> list[tuple[str, str]]:
            if not years:
                years.append(_years())
            return years[0]

        self.filters["year"].extra["choices"] = year_choices

    def filter_search(self, queryset: CaseQuerySet, name: str, value: str):
        return queryset.search(value)

    @property
    def is_filtered(self) -> bool:
        """Whether the visitor asked for any filter (a page number is not one)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)


class CaseFilter(_CaseSearchFilterSet):
    """The case list of logged-in users; give it `Case.objects.visible_to(user)`
    and the `user`, whose organisation's people are the case officers offered."""

    board = BoardFilter(
        label=_("Board"),
        queryset=Board.objects.none(),
        empty_label=_("All boards"),
        widget=_Select,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Case.Status.choices,
        empty_label=_("All statuses"),
        widget=_Select,
    )
    handler = UserFilter(
        label=_("Case officer"),
        queryset=User.objects.none(),
        empty_label=_("All case officers"),
        widget=_Select,
    )

    class Meta:
        model = Case
        fields = ["q", "board", "year", "status", "handler"]

    def __init__(
        self,
        data=None,
        queryset: CaseQuerySet | None = None,
        *,
        user: User,
        **kwargs,
    ):
        super().__init__(data=data, queryset=queryset, **kwargs)
        self.filters["board"].queryset = _boards()
        self.filters["handler"].queryset = _officers_for(user)


class PublicCaseFilter(_CaseSearchFilterSet):
    """The public diarium; give it `Case.objects.public()`."""

    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        to_field_name="slug",
        method="filter_organisation",
        queryset=Organisation.objects.none(),
        empty_label=_("All organisations"),
        widget=_Select,
    )
    board = BoardFilter(
        label=_("Board"),
        queryset=Board.objects.none(),
        empty_label=_("All boards"),
        widget=_Select,
    )

    class Meta:
        model = Case
        fields = ["q", "organisation", "board", "year"]

    def __init__(self, data=None, queryset: CaseQuerySet | None = None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        # The members that have boards in the portal (not every member of SSR).
        self.filters["organisation"].queryset = Organisation.objects.filter(
            pk__in=Board.objects.values("organisation_id")
        ).order_by(swedish("name"))
        self.filters["board"].queryset = _boards()

    def filter_organisation(self, queryset: CaseQuerySet, name: str, value):
        # The organisation's boards by a subquery on the board table, not a join
        # of every case to its board: the condition stays on the case row.
        return queryset.filter(board_id__in=value.boards.values("pk"))
