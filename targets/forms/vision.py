"""Forms of the vision's page: the choice of board for the member's case."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Board
from ssr_portal.lib.forms import DesignsystemetFormMixin


class CaseCreateForm(DesignsystemetFormMixin, forms.Form):
    """The board of the member's case about the vision, among `boards` (the boards
    of the user's organisation). With one board the choice is not asked for (the
    field is optional then and the service takes the default board)."""

    board = forms.ModelChoiceField(
        label=_("Board"),
        queryset=Board.objects.none(),
        required=False,
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose a board of your organisation.")},
    )

    def __init__(self, *args, boards: list[Board], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["board"]
        field.queryset = Board.objects.filter(pk__in=[board.pk for board in boards])
        if len(boards) > 1:
            field.required = True
            field.error_messages["required"] = _("Choose the board of the case.")
            field.help_text = _("The board that will note the vision.")
        else:
            field.widget = forms.HiddenInput()
        # Use the boards already read, not a query per rendering.
        field.choices = [(board.pk, board.name) for board in boards]

    @property
    def asks_for_board(self) -> bool:
        return not self.fields["board"].widget.is_hidden
