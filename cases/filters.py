"""Filters of the case list and the public diarium (django-filter).

Each filter's choices come from the cases the visitor may see, so that a choice
never names a board, year or officer the visitor would find nothing under, and
never reveals another organisation's secret cases by their board or officer.
"""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Board, Organisation, User
from ssr_portal.lib.collation import swedish

from .forms.diarium import BoardOfOrganisationChoiceField, UserChoiceField
from .models import Case
from .querysets import CaseQuerySet


class _Select(forms.Select):
    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "ds-input", **(attrs or {})}, choices=choices)


class BoardFilter(django_filters.ModelChoiceFilter):
    """Boards with their organisation, e.g. "Kommunstyrelsen (KS), Huddinge kommun"."""

    field_class = BoardOfOrganisationChoiceField


class UserFilter(django_filters.ModelChoiceFilter):
    field_class = UserChoiceField


def _years(cases: CaseQuerySet) -> list[tuple[str, str]]:
    years = cases.order_by("-year").values_list("year", flat=True).distinct()
    return [(str(year), str(year)) for year in years]


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
        cases, years = self.queryset, []

        def year_choices() -> list[tuple[str, str]]:
            if not years:
                years.append(_years(cases))
            return years[0]

        self.filters["year"].extra["choices"] = year_choices

    def filter_search(self, queryset: CaseQuerySet, name: str, value: str):
        return queryset.search(value)

    @property
    def is_filtered(self) -> bool:
        """Whether the visitor asked for any filter (a page number is not one)."""
        return self.is_bound and any(self.data.get(name) for name in self.filters)


class CaseFilter(_CaseSearchFilterSet):
    """The case list of logged-in users; give it `Case.objects.visible_to(user)`."""

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

    def __init__(self, data=None, queryset: CaseQuerySet | None = None, **kwargs):
        super().__init__(data=data, queryset=queryset, **kwargs)
        cases = self.queryset
        self.filters["board"].queryset = (
            Board.objects.filter(pk__in=cases.values("board_id"))
            .select_related("organisation")
            .order_by(swedish("organisation__name"), swedish("name"))
        )
        self.filters["handler"].queryset = User.objects.filter(
            pk__in=cases.values("handler_id")
        ).order_by("last_name", "first_name")


class PublicCaseFilter(_CaseSearchFilterSet):
    """The public diarium; give it `Case.objects.public()`."""

    organisation = django_filters.ModelChoiceFilter(
        label=_("Organisation"),
        field_name="board__organisation",
        to_field_name="slug",
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
        cases = self.queryset
        self.filters["organisation"].queryset = Organisation.objects.filter(
            pk__in=cases.values("board__organisation_id")
        ).order_by(swedish("name"))
        self.filters["board"].queryset = (
            Board.objects.filter(pk__in=cases.values("board_id"))
            .select_related("organisation")
            .order_by(swedish("organisation__name"), swedish("name"))
        )
