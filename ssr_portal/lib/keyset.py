"""Keyset (seek) pagination and a bounded count: list pages that cost the same
at the end of a long list as at its start, however long the table grows.

A page is found from a position in the list's order (the values of the order's
fields in the last row of the page before, or the first row of the page after),
never from an OFFSET, which reads and throws away every row before the page. So
the database walks an index matched to the order from that position and stops
after one page: `WHERE (year, serial, id) < (2023, 236, 4711) ORDER BY year
DESC, serial DESC, id DESC LIMIT 26`. The price: a page has neighbours, not a
number among all pages, and a list shows "Next page" and "Previous page" only.

The position travels in the URL as an opaque cursor (`?cursor=…`): it says where
the page starts, which way it goes and the page's number (for the caption). It is
not secret and needs no signature: whatever position a visitor makes up, the
query still returns only the rows of their own list. A cursor that is not one
raises `InvalidCursor`; a page shows a message, the API answers 400.

`bounded_count` counts the rows of a list up to a limit (`LIMIT 10001` in a
subquery), for "1 234 cases" or "more than 10 000 cases": an exact count of a
long list would read all of it on every page.

This module knows no app; the list's order is given by the caller.
"""

import base64
import binascii
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import TupleGreaterThan, TupleLessThan
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.pagination import BasePagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.utils.urls import replace_query_param

# How far a list counts before it says "more than": the page is one index range,
# the count at most this many index entries.
COUNT_LIMIT = 10_000

# The largest value a cursor may carry: more than any year, serial or id, and
# small enough for every database's integer column.
_MAX_VALUE = 2**62


class InvalidCursor(ValueError):
    """The cursor of the URL is not one this module made (cut short, changed)."""


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after `position` (the next page), or before it (the
    previous page), and the number the page will have."""

    position: tuple[int, ...]
    before: bool
    number: int

    def encode(self) -> str:
        text = "{}.{}.{}".format(
            "b" if self.before else "a",
            self.number,
            ".".join(str(value) for value in self.position),
        )
        return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str, *, length: int) -> "Cursor":
        """The cursor `token` stands for; `InvalidCursor` if it stands for none
        with a position of `length` values."""
        try:
            padded = token + "=" * (-len(token) % 4)
            text = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
        except (binascii.Error, UnicodeError, ValueError) as error:
            raise InvalidCursor(token) from error
        direction, _sep, rest = text.partition(".")
        parts = rest.split(".")
        if direction not in ("a", "b") or len(parts) != length + 1:
            raise InvalidCursor(token)
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise InvalidCursor(token)
        number, *position = (int(part) for part in parts)
        if not 1 <= number <= _MAX_VALUE or any(v > _MAX_VALUE for v in position):
            raise InvalidCursor(token)
        return cls(position=tuple(position), before=direction == "b", number=number)


@dataclass(frozen=True)
class KeysetPage:
    """One page of a list: its rows, its number, and the cursors of its
    neighbours (None where there is none)."""

    object_list: list[Any]
    number: int
    next_cursor: str | None
    previous_cursor: str | None

    def __iter__(self) -> Iterator[Any]:
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    @property
    def has_next(self) -> bool:
        return self.next_cursor is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_cursor is not None

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or self.has_previous


def _names(order: Sequence[str]) -> tuple[list[str], bool]:
    """The field names of `order` and whether it is descending (all of its fields
    go the same way: one row comparison serves them all)."""
    descending = {name.startswith("-") for name in order}
    if len(descending) != 1:
        raise ValueError(f"The fields of {order!r} must all go the same way.")
    return [name.lstrip("-") for name in order], descending.pop()


def keyset_page(
    queryset: QuerySet,
    *,
    order: Sequence[str],
    per_page: int,
    cursor: str | None = None,
) -> KeysetPage:
    """The page of `queryset` in `order` that `cursor` points at (the first page
    without one): one query of `per_page + 1` rows, the extra row saying whether
    there are more. `order` names integer fields that together are unique
    (end it with the primary key), all ascending or all descending, e.g.
    `("-year", "-serial", "-pk")`; the database should have an index in that order.
    Raises `InvalidCursor` for a cursor this function did not make."""
    names, descending = _names(order)
    start = Cursor.decode(cursor, length=len(names)) if cursor else None
    # Backwards (the previous page) walks the order the other way from the
    # position and turns the rows round again.
    backwards = start is not None and start.before
    ascending_walk = descending == backwards
    rows = queryset.order_by(
        *[name if ascending_walk else f"-{name}" for name in names]
    )
    if start is not None:
        columns = tuple(F(name) for name in names)
        after = TupleGreaterThan if ascending_walk else TupleLessThan
        rows = rows.filter(after(columns, start.position))
    found = list(rows[: per_page + 1])
    more = len(found) > per_page
    found = found[:per_page]
    if backwards and not found:
        # Nothing before the position (its rows were deleted): the first page.
        return keyset_page(queryset, order=order, per_page=per_page)
    if backwards:
        found.reverse()

    def position(row: Any) -> tuple[int, ...]:
        return tuple(getattr(row, name) for name in names)

    number = start.number if start else 1
    if start is None:
        has_next, has_previous = more, False
    elif backwards:
        has_next, has_previous = True, more
        if not more:
            number = 1  # back at the start, whatever the cursor said
    else:
        has_next, has_previous = more, True
    # An empty page after a cursor (its rows were deleted) links back from the
    # cursor's own position.
    anchor = start.position if start else ()
    next_cursor = previous_cursor = None
    if has_next:
        last = position(found[-1]) if found else anchor
        next_cursor = Cursor(position=last, before=False, number=number + 1).encode()
    if has_previous:
        first = position(found[0]) if found else anchor
        previous_cursor = Cursor(
            position=first, before=True, number=max(number - 1, 1)
        ).encode()
    return KeysetPage(
        object_list=found,
        number=number,
        next_cursor=next_cursor,
        previous_cursor=previous_cursor,
    )


@dataclass(frozen=True)
class BoundedCount:
    """How many rows a list has, counted up to `COUNT_LIMIT`: `count` is exact
    unless `is_more` (then the list has more than `count` rows)."""

    count: int
    is_more: bool


def bounded_count(queryset: QuerySet, *, limit: int | None = None) -> BoundedCount:
    """The rows of `queryset`, counted up to `limit` (`COUNT_LIMIT`): `SELECT
    COUNT(*) FROM (SELECT id … LIMIT limit + 1)`, which stops reading after
    `limit + 1` rows."""
    limit = COUNT_LIMIT if limit is None else limit
    found = queryset.order_by().values("pk")[: limit + 1].count()
    return BoundedCount(count=min(found, limit), is_more=found > limit)


class KeysetPagination(BasePagination):
    """DRF's pagination of a list by `keyset_page`: `?cursor=` from the answer's
    `next` and `previous`, a `count` bounded at `COUNT_LIMIT` with
    `count_is_exact`. Subclasses set `order`."""

    order: Sequence[str] = ()
    page_size: int = api_settings.PAGE_SIZE or 50
    cursor_query_param = "cursor"

    def paginate_queryset(
        self, queryset: QuerySet, request: Request, view: Any = None
    ) -> list[Any]:
        self.request = request
        try:
            self.page = keyset_page(
                queryset,
                order=self.order,
                per_page=self.page_size,
                cursor=request.query_params.get(self.cursor_query_param),
            )
        except InvalidCursor as error:
            raise ApiValidationError(
                {
                    self.cursor_query_param: [
                        _(
                            "The cursor is not valid: use the next or previous"
                            " address of an answer as it is."
                        )
                    ]
                }
            ) from error
        self.count = bounded_count(queryset)
        return self.page.object_list

    def _link(self, cursor: str | None) -> str | None:
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)

    def get_paginated_response(self, data: Any) -> Response:
        return Response(
            {
                "count": self.count.count,
                "count_is_exact": not self.count.is_more,
                "next": self._link(self.page.next_cursor),
                "previous": self._link(self.page.previous_cursor),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema: dict) -> dict:
        return {
            "type": "object",
            "required": ["count", "count_is_exact", "results"],
            "properties": {
                "count": {
                    "type": "integer",
                    "example": 123,
                    "description": (
                        f"The number of results, counted up to {COUNT_LIMIT}."
                    ),
                },
                "count_is_exact": {
                    "type": "boolean",
                    "description": (
                        f"False when there are more than {COUNT_LIMIT} results"
                        " (`count` is then the limit)."
                    ),
                },
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The next page, or null on the last.",
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The previous page, or null on the first.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view: Any) -> list[dict]:
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "Where the page starts: take it from the `next` or"
                    " `previous` address of an answer (it is opaque)."
                ),
                "schema": {"type": "string"},
            }
        ]
