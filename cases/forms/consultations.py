"""The form of a step of a case's beredningsgång (cases/services/consultations.py)."""

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from members.models import Board
from ssr_portal.lib.forms import DesignsystemetFormMixin

from ..models import Case, Consultation


def path_boards(case: Case) -> QuerySet[Board]:
    """The bodies a step may name: the boards of the case's organisation."""
    return Board.objects.filter(organisation_id=case.board.organisation_id).order_by(
        "name"
    )


class ConsultationForm(DesignsystemetFormMixin, forms.Form):
    board = forms.ModelChoiceField(
        queryset=Board.objects.none(),
        label=_("Body"),
        help_text=_("A body of the case's organisation."),
        empty_label=None,
        error_messages={"required": _("Choose a body of the case's organisation.")},
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Consultation.Role.choices,
        error_messages={"required": _("Choose what the body does with the case.")},
    )

    def __init__(self, *args, boards: QuerySet[Board], **kwargs):
        kwargs.setdefault("auto_id", "path-%s")
        super().__init__(*args, **kwargs)
        self.fields["board"].queryset = boards
