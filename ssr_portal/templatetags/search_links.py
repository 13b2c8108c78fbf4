"""The links of the search page: the same search with one parameter changed."""

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag
def search_query(kept: QueryDict, name: str, value) -> str:
    """`kept` (the search's parameters without the page) with `name` set to
    `value`, or left out when `value` is empty; a new filter starts at page 1."""
    query = kept.copy()
    query.pop(name, None)
    if value not in ("", None):
        query[name] = str(value)
    return query.urlencode()
