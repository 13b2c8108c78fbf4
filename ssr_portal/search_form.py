"""The search's input (/sok/ and /diarium/sok/): the words, the filters of the
facets and the page, each checked, so that a bad value is a message in the page
and the search goes on without it."""

from django import forms
from django.utils.translation import gettext_lazy as _

from cases.models import Case

from .search import COUNT_LIMIT, PER_PAGE, SearchFilters

__all__ = ["SearchForm"]


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    board = forms.IntegerField(required=False, min_value=1)
    year = forms.IntegerField(required=False, min_value=1900, max_value=2999)
    status = forms.ChoiceField(required=False, choices=Case.Status.choices)
    kind = forms.ChoiceField(required=False, choices=Case.Kind.choices)
    case_class = forms.IntegerField(required=False, min_value=1)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=COUNT_LIMIT // PER_PAGE
    )

    FILTERS = ("board", "year", "status", "kind", "case_class")

    def value(self, name: str):
        """The field's value when it is valid, else None (the search goes on
        without it and the page says why)."""
        if name in self.errors:
            return None
        return self.cleaned_data.get(name) or None

    def filters(self) -> SearchFilters:
        return SearchFilters(**{name: self.value(name) for name in self.FILTERS})

    def page_number(self) -> int:
        return self.value("page") or 1

    def words(self) -> str:
        if "q" in self.errors:
            return self.data.get("q", "")[:200]
        return self.cleaned_data.get("q", "")

    def problems(self) -> list[str]:
        """The fields the search could not use, in words."""
        names = {
            "q": _("the search words"),
            "board": _("the board"),
            "year": _("the year"),
            "status": _("the status"),
            "kind": _("the kind"),
            "case_class": _("the class"),
            "page": _("the page number"),
        }
        return [str(names[name]) for name in self.errors if name in names]
