"""Where a page is: the breadcrumbs (partials/breadcrumbs.html)."""

from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

register = template.Library()


@dataclass(frozen=True)
class Crumb:
    label: str
    url: str = ""


@register.inclusion_tag("partials/breadcrumbs.html")
def breadcrumbs(*steps: object) -> dict:
    """The way from the start page to this one: pairs of label and address, then
    the page's own label (no address: it is the current page).

    Use: {% breadcrumbs cases_label list_url case.number case_url page_label %}
    """
    crumbs = [Crumb(_("Start"), reverse("home"))]
    *pairs, current = steps
    if len(pairs) % 2:
        raise template.TemplateSyntaxError(
            "breadcrumbs takes pairs of label and address, then the page's label"
        )
    crumbs.extend(
        Crumb(str(label), str(url or ""))
        for label, url in zip(pairs[::2], pairs[1::2], strict=True)
    )
    crumbs.append(Crumb(str(current)))
    return {"crumbs": crumbs}
