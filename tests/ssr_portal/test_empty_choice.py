"""A select's empty choice says "Välj …", not Django's line of dashes, in every
form of the portal (ssr_portal.lib.forms.DesignsystemetFormMixin; issue 13)."""

import pytest
from django import forms
from django.urls import reverse

from members.models import Board
from ssr_portal.lib.forms import DesignsystemetFormMixin
from tests.helpers import login_verified, use_language

pytestmark = pytest.mark.django_db


def test_the_meeting_form_names_its_empty_choice(client, ks, secretary):
    client = use_language(client, "sv")
    login_verified(client, secretary)

    page = client.get(reverse("cases:meeting-create")).content.decode()

    assert "---------" not in page
    assert "Välj …" in page


class _Form(DesignsystemetFormMixin, forms.Form):
    board = forms.ModelChoiceField(queryset=Board.objects.all())
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)
    named = forms.ModelChoiceField(queryset=Board.objects.all(), empty_label="Ingen")


def test_model_and_plain_choices_and_a_chosen_label(ks):
    form = _Form()

    assert str(form.fields["board"].empty_label) == "Välj …"
    assert [str(label) for _value, label in form.fields["kind"].choices] == [
        "Välj …",
        "A",
    ]
    assert form.fields["named"].empty_label == "Ingen"
