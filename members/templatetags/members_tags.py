"""Presentation helpers of the members pages: form fields in Designsystemet markup
and the cost allocation's bar chart."""

from decimal import ROUND_HALF_EVEN, Decimal

from django import forms, template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import ValidationError
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from members.costs import CostPart, without_trailing_zeros
from members.models import Board, Diarium
from ssr_portal.lib.collation import swedish_key

register = template.Library()

# Geometry of the bar chart, in px: each row is a text line (name left, amount
# right) above its bar, so nothing overlaps at 360 px and the text never scales.
ROW_HEIGHT = 40
TEXT_BASELINE = 15
BAR_OFFSET = 21
BAR_HEIGHT = 12


@register.filter
def ds_input(field: forms.BoundField) -> str:
    """The field's widget with the Designsystemet class. Django adds
    aria-invalid and aria-describedby (`<id>_helptext`, `<id>_error`), which the
    partial members/partials/field.html uses as the ids of the texts."""
    return field.as_widget(attrs={"class": "ds-input"})


@register.filter
def weight(value: Decimal | None) -> str:
    """A cost-key weight as people write it, localised: 2,5 in Swedish, not 2,500."""
    if value is None:
        return ""
    return formats.number_format(without_trailing_zeros(Decimal(value)))


@register.filter
def example_number(board: Board) -> str:
    """The first case number of this year in the board's diarium ("KS 2025/1"),
    or as the diarium made for it would write it."""
    diarium = board.diarium or Diarium(prefix=board.prefix)
    try:
        return diarium.example_number(today=timezone.localdate())
    except ValidationError:
        return ""


@register.inclusion_tag("members/partials/bar_chart.html")
def cost_bar_chart(part: CostPart, chart_id: str, title: str, description: str):
    """A horizontal bar chart of a cost part's amounts as inline SVG.

    Readable without colour: every bar has its name and amount printed beside it;
    `<title>`/`<desc>` name the chart for assistive technology, which gets the
    figures from the table next to it.
    """
    largest = max((line.amount for line in part.lines), default=0)
    rows = []
    lines = sorted(
        part.lines, key=lambda line: (-line.amount, swedish_key(line.short_name))
    )
    for index, line in enumerate(lines):
        width = (
            (Decimal(line.amount) * 100 / largest).quantize(
                Decimal("0.01"), ROUND_HALF_EVEN
            )
            if largest
            else Decimal(0)
        )
        top = index * ROW_HEIGHT
        rows.append(
            {
                "label": line.short_name,
                "value": _("%(amount)s kr") % {"amount": intcomma(line.amount)},
                "width": f"{width}%",
                "text_y": top + TEXT_BASELINE,
                "bar_y": top + BAR_OFFSET,
            }
        )
    return {
        "chart_id": chart_id,
        "title": title,
        "description": description,
        "rows": rows,
        "height": len(rows) * ROW_HEIGHT,
        "bar_height": BAR_HEIGHT,
    }
