"""Changing the bilagor through the page: attach a case's report, move, rename, remove."""

import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cases.models import Attachment, Document
from cases.services import case_register, document_start
from cases.services.attachments import attachment_add_file
from tests.cases.test_upload_validation import pdf_bytes


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def document(case, alice):
    return document_start(case=case, user=alice)


@pytest.fixture
def three(document, alice):
    return [
        attachment_add_file(
            document=document,
            user=alice,
            title=title,
            file=SimpleUploadedFile(f"{title}.pdf", pdf_bytes()),
        )
        for title in ("Gemensam målbild", "Avsiktsförklaring", "Överenskommelse")
    ]


def _titles(document) -> list[str]:
    return list(
        Attachment.objects.filter(document=document)
        .order_by("position")
        .values_list("title", flat=True)
    )


def _page_order(content: str) -> list[tuple[str, str]]:
    rows = re.findall(
        r'<th scope="row" class="nowrap">(Attachment \d+\.)</th>\s*<td>([^<]+)', content
    )
    return [(number, title.strip()) for number, title in rows]


def _move_url(attachment) -> str:
    return reverse(
        "cases:attachment-move", args=[attachment.document.case_id, attachment.pk]
    )


# Attaching another case's report -----------------------------------------------------


@pytest.fixture
def earlier_case(ks, alice, case):
    earlier = case_register(
        board=ks,
        title="Avsiktsförklaring SSR",
        registered_by=alice,
        registered_date=datetime.date(2023, 3, 20),
    )
    document_start(case=earlier, user=alice)
    return earlier


def test_the_form_offers_visible_cases_with_a_report(
    client, alice, document, earlier_case, secret_case
):
    client.force_login(alice)

    content = client.get(
        reverse("cases:attachments", args=[document.case_id])
    ).content.decode()

    assert (
        f'<option value="{earlier_case.pk}">{earlier_case.number} Avsiktsförklaring SSR'
        in content
    )
    # No report: not offered; the case itself: not offered.
    assert f'<option value="{secret_case.pk}">' not in content
    assert f'<option value="{document.case_id}">' not in content


def test_attaching_a_case_report_adds_it_last(client, alice, three, earlier_case):
    document = three[0].document
    client.force_login(alice)

    response = client.post(
        reverse("cases:attachment-add-case", args=[document.case_id]),
        {"case-source_case": earlier_case.pk, "case-title": ""},
    )

    assert response.status_code == 302
    added = Attachment.objects.get(source_case=earlier_case)
    assert added.position == 3
    assert added.title == "Avsiktsförklaring SSR"


def test_attaching_without_choosing_a_case_shows_why_and_keeps_the_title(
    client, alice, document
):
    client.force_login(alice)

    response = client.post(
        reverse("cases:attachment-add-case", args=[document.case_id]),
        {"case-source_case": "", "case-title": "Avsiktsförklaring"},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_case-source_case_error">Choose a case.' in content
    assert 'value="Avsiktsförklaring"' in content


def test_bob_may_not_attach_a_case_report(client, bob, document, earlier_case):
    client.force_login(bob)

    response = client.post(
        reverse("cases:attachment-add-case", args=[document.case_id]),
        {"case-source_case": earlier_case.pk},
    )

    assert response.status_code == 403


# Moving ---------------------------------------------------------------------------------


def test_moving_up_without_javascript_redirects_to_the_row(client, alice, three):
    client.force_login(alice)

    response = client.post(_move_url(three[2]), {"direction": "up"})

    page = reverse("cases:attachments", args=[three[2].document.case_id])
    assert response.status_code == 302
    assert response["Location"] == f"{page}#attachment-{three[2].pk}"
    assert _page_order(client.get(page).content.decode()) == [
        ("Attachment 1.", "Gemensam målbild"),
        ("Attachment 2.", "Överenskommelse"),
        ("Attachment 3.", "Avsiktsförklaring"),
    ]


def test_moving_with_htmx_answers_with_the_table_and_a_status(client, alice, three):
    client.force_login(alice)

    response = client.post(
        _move_url(three[0]), {"direction": "down"}, headers={"HX-Request": "true"}
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.startswith('<div id="attachment-table">')
    assert "<html" not in content
    assert _page_order(content) == [
        ("Attachment 1.", "Avsiktsförklaring"),
        ("Attachment 2.", "Gemensam målbild"),
        ("Attachment 3.", "Överenskommelse"),
    ]
    assert 'hx-swap-oob="innerHTML">Gemensam målbild is now attachment 2.' in content
    # The pressed button keeps its id, so htmx gives it the focus back.
    assert f'id="attachment-{three[0].pk}-down"' in content


def test_the_first_up_button_stays_focusable_and_does_nothing(client, alice, three):
    client.force_login(alice)
    document = three[0].document
    before = Document.objects.get(pk=document.pk).revision

    response = client.post(_move_url(three[0]), {"direction": "up"}, follow=True)

    assert "is already the first attachment" in response.content.decode()
    assert f'id="attachment-{three[0].pk}-up"' in response.content.decode()
    assert _titles(document)[0] == "Gemensam målbild"
    assert Document.objects.get(pk=document.pk).revision == before


def test_a_move_without_direction_is_400(client, alice, three):
    client.force_login(alice)

    assert (
        client.post(_move_url(three[0]), {"direction": "sideways"}).status_code == 400
    )


def test_moving_needs_post(client, alice, three):
    client.force_login(alice)

    assert client.get(_move_url(three[0])).status_code == 405


def test_bob_and_charlie_may_not_move(client, bob, charlie, three):
    client.force_login(bob)
    assert client.post(_move_url(three[1]), {"direction": "up"}).status_code == 403
    client.force_login(charlie)
    assert client.post(_move_url(three[1]), {"direction": "up"}).status_code == 403
    assert _titles(three[0].document)[1] == "Avsiktsförklaring"


def test_an_attachment_of_another_case_cannot_be_moved_through_this_one(
    client, alice, three, ks
):
    other = case_register(board=ks, title="Annat", registered_by=alice)
    client.force_login(alice)

    url = reverse("cases:attachment-move", args=[other.pk, three[1].pk])

    assert client.post(url, {"direction": "up"}).status_code == 404


# Renaming and removing ------------------------------------------------------------------


def test_renaming_through_its_page(client, alice, three):
    url = reverse(
        "cases:attachment-rename", args=[three[1].document.case_id, three[1].pk]
    )
    client.force_login(alice)

    assert "Rename attachment 2" in client.get(url).content.decode()
    response = client.post(url, {"title": "Avsiktsförklaring 2014"})

    assert response.status_code == 302
    assert _titles(three[1].document)[1] == "Avsiktsförklaring 2014"


def test_an_empty_title_is_refused_on_the_rename_page(client, alice, three):
    url = reverse(
        "cases:attachment-rename", args=[three[1].document.case_id, three[1].pk]
    )
    client.force_login(alice)

    response = client.post(url, {"title": ""})

    assert response.status_code == 200
    assert "The attachment needs a title." in response.content.decode()


def test_removing_asks_then_closes_the_gap(client, alice, three):
    url = reverse(
        "cases:attachment-remove", args=[three[0].document.case_id, three[0].pk]
    )
    client.force_login(alice)

    assert "Remove “Gemensam målbild”" in client.get(url).content.decode()
    response = client.post(url)

    assert response.status_code == 302
    assert list(
        Attachment.objects.filter(document=three[0].document)
        .order_by("position")
        .values_list("position", "title")
    ) == [(0, "Avsiktsförklaring"), (1, "Överenskommelse")]


def test_bob_may_not_rename_or_remove(client, bob, three):
    case_id = three[0].document.case_id
    client.force_login(bob)

    rename = reverse("cases:attachment-rename", args=[case_id, three[0].pk])
    remove = reverse("cases:attachment-remove", args=[case_id, three[0].pk])

    assert client.post(rename, {"title": "X"}).status_code == 403
    assert client.post(remove).status_code == 403
    assert Attachment.objects.count() == 3
