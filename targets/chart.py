"""The progress chart of the follow-up: the goals' statuses per year as an SVG
drawn on the server, for the follow-up page and the yearly report (PDF) alike.

Two pure steps, no database and no JavaScript:

1. `follow_up_chart_model(data)` turns `services.follow_up_chart(vision)` into a
   `Chart`: one row per goal, one cell per year of the period, each cell its
   status and the label a reader sees ("No data" where nothing is recorded).
2. `follow_up_svg(chart)` draws it. Each status has its own pattern (empty with a
   dashed edge, stripes, solid, cross-hatch, grey) AND its label written in the
   cell, so the chart reads without colour (WCAG 1.4.1); the colours keep at least
   3:1 against white for the shapes and 4.5:1 for the text (WCAG 1.4.3, 1.4.11). The
   SVG is role="img" with a <title> and a <desc> that says every cell in words;
   the page shows the same data as a table too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .models import GoalFollowUp

NO_DATA = "no_data"

# Status → (fill, edge, dashed edge); the fill names a <pattern> or a colour.
# Contrast against white: #0b4f8a 8.2:1, #17633a 7.0:1, #a4161a 7.6:1,
# #595959 7.0:1 (text and edges).
_STYLES = {
    GoalFollowUp.Status.NOT_STARTED: ("#ffffff", "#595959", True),
    GoalFollowUp.Status.UNDER_WAY: ("url(#{prefix}-stripes)", "#0b4f8a", False),
    GoalFollowUp.Status.REACHED: ("#17633a", "#17633a", False),
    GoalFollowUp.Status.AT_RISK: ("url(#{prefix}-crosses)", "#a4161a", False),
    NO_DATA: ("url(#{prefix}-dots)", "#8a8a8a", True),
}

# Sizes in SVG units (px at 100 %).
_PAD = 8
_LABEL_WIDTH = 84
_CELL_WIDTH = 128
_HEADER_HEIGHT = 28
_ROW_HEIGHT = 62
_SWATCH_HEIGHT = 24
_LEGEND_ITEM_WIDTH = 180
_LEGEND_ROW_HEIGHT = 26
_TEXT = "#1e1e1e"
_FONT = "Inter, Arial, sans-serif"


@dataclass(frozen=True)
class Cell:
    year: int
    status: str  # a GoalFollowUp.Status value, or NO_DATA
    label: str


@dataclass(frozen=True)
class Row:
    number: int  # "Goal 1" is the first goal
    title: str
    cells: tuple[Cell, ...]

    @property
    def name(self) -> str:
        return _("Goal %(number)s") % {"number": self.number}


@dataclass(frozen=True)
class Chart:
    years: tuple[int, ...]
    rows: tuple[Row, ...]

    @property
    def period(self) -> str:
        return f"{self.years[0]}–{self.years[-1]}" if self.years else ""

    @property
    def legend(self) -> list[tuple[str, str]]:
        """(status, label) of every status and of "no data", in order."""
        return [*GoalFollowUp.Status.choices, (NO_DATA, status_label(NO_DATA))]

    @property
    def title(self) -> str:
        return _("Progress of the goals %(period)s") % {"period": self.period}

    @property
    def description(self) -> str:
        """Every cell in words, for those who cannot see the chart."""
        lines = [
            f"{row.name}, {row.title}: "
            + "; ".join(f"{cell.year} {cell.label}" for cell in row.cells)
            + "."
            for row in self.rows
        ]
        return " ".join(lines) or _("The vision has no goals yet.")


def status_label(status: str | None) -> str:
    if not status or status == NO_DATA:
        return _("No data")
    return str(GoalFollowUp.Status(status).label)


def follow_up_chart_model(data: dict) -> Chart:
    """The chart of `services.follow_up_chart(vision)`'s data."""
    years = tuple(data["years"])
    rows = []
    for number, entry in enumerate(data["goals"], start=1):
        cells = tuple(
            Cell(year=year, status=status or NO_DATA, label=status_label(status))
            for year, status in zip(years, entry["statuses"], strict=True)
        )
        rows.append(Row(number=number, title=entry["goal"].title, cells=cells))
    return Chart(years=years, rows=tuple(rows))


def _defs(prefix: str) -> str:
    return (
        "<defs>"
        f'<pattern id="{prefix}-stripes" width="8" height="8" '
        'patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#ffffff"/>'
        '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="#0b4f8a" '
        'stroke-width="2.2"/></pattern>'
        f'<pattern id="{prefix}-crosses" width="8" height="8" '
        'patternUnits="userSpaceOnUse">'
        '<rect width="8" height="8" fill="#ffffff"/>'
        '<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6 M-2,6 L2,10 M0,0 L8,8 '
        'M6,-2 L10,2" stroke="#a4161a" stroke-width="1.6"/></pattern>'
        f'<pattern id="{prefix}-dots" width="6" height="6" '
        'patternUnits="userSpaceOnUse">'
        '<rect width="6" height="6" fill="#ffffff"/>'
        '<circle cx="3" cy="3" r="1" fill="#8a8a8a"/></pattern>'
        "</defs>"
    )


def _swatch(
    status: str,
    x: float,
    y: float,
    width: float,
    prefix: str,
    height: int = _SWATCH_HEIGHT,
) -> str:
    fill, edge, dashed = _STYLES[status]
    fill = fill.format(prefix=prefix)
    dash = ' stroke-dasharray="4 3"' if dashed else ""
    return (
        f'<rect x="{x}" y="{y}" width="{width}" height="{height}" rx="3" '
        f'fill="{fill}" stroke="{edge}" stroke-width="1.5"{dash}/>'
    )


def _text(x: float, y: float, text: str, *, size: int = 13, anchor: str = "") -> str:
    anchor_attribute = f' text-anchor="{anchor}"' if anchor else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{size}" fill="{_TEXT}"'
        f"{anchor_attribute}>{escape(text)}</text>"
    )


def follow_up_svg(chart: Chart, *, id_prefix: str = "follow-up-chart") -> SafeString:
    """The chart as inline SVG markup (see the module's docstring)."""
    columns = len(chart.years)
    grid_width = _LABEL_WIDTH + columns * _CELL_WIDTH
    width = max(grid_width, 2 * _LEGEND_ITEM_WIDTH) + 2 * _PAD
    legend = chart.legend
    per_line = max(1, (width - 2 * _PAD) // _LEGEND_ITEM_WIDTH)
    legend_lines = -(-len(legend) // per_line)
    grid_height = _HEADER_HEIGHT + len(chart.rows) * _ROW_HEIGHT
    legend_top = _PAD + grid_height + 16
    height = legend_top + legend_lines * _LEGEND_ROW_HEIGHT + _PAD

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="follow-up-chart__svg" '
        f'role="img" aria-labelledby="{id_prefix}-title {id_prefix}-desc" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-family="{_FONT}">',
        f'<title id="{id_prefix}-title">{escape(chart.title)}</title>',
        f'<desc id="{id_prefix}-desc">{escape(chart.description)}</desc>',
        _defs(id_prefix),
    ]
    left = _PAD + _LABEL_WIDTH
    for index, year in enumerate(chart.years):
        x = left + index * _CELL_WIDTH + _CELL_WIDTH / 2
        parts.append(_text(x, _PAD + 18, str(year), anchor="middle", size=14))
    for row_index, row in enumerate(chart.rows):
        top = _PAD + _HEADER_HEIGHT + row_index * _ROW_HEIGHT
        parts.append(
            f'<line x1="{_PAD}" y1="{top}" x2="{_PAD + grid_width}" y2="{top}" '
            'stroke="#d0d0d0" stroke-width="1"/>'
        )
        parts.append(_text(_PAD, top + 26, row.name, size=14))
        for index, cell in enumerate(row.cells):
            x = left + index * _CELL_WIDTH
            parts.append(
                f'<g class="follow-up-chart__cell" data-year="{cell.year}" '
                f'data-status="{cell.status}">'
                + _swatch(cell.status, x + 6, top + 8, _CELL_WIDTH - 12, id_prefix)
                + _text(x + _CELL_WIDTH / 2, top + 50, cell.label, anchor="middle")
                + "</g>"
            )
    for index, (status, label) in enumerate(legend):
        x = _PAD + (index % per_line) * _LEGEND_ITEM_WIDTH
        y = legend_top + (index // per_line) * _LEGEND_ROW_HEIGHT
        parts.append(
            f'<g class="follow-up-chart__legend" data-status="{status}">'
            + _swatch(status, x, y, 28, id_prefix, height=16)
            + _text(x + 36, y + 13, str(label))
            + "</g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text was escaped above
