"""The letterhead logos: /logos/<name>, the same address in the page and the PDF.

Nothing serves MEDIA_URL in production, and an object store's own address must not
reach a browser: the logo's address is the portal's view, which reads it from the
storage, and the PDF reads that address from the storage too.
"""

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from cases.models import DocumentTemplate
from cases.services import case_register, document_html, document_start

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    image = io.BytesIO()
    Image.new("RGB", (120, 40), "#0a5").save(image, format="PNG")
    return image.getvalue()


@pytest.fixture
def template(huddinge, each_storage):
    template = DocumentTemplate.objects.create(
        organisation=huddinge, name="Tjänsteskrivelse", is_default=True
    )
    template.logo.save("Huddinge logga.png", ContentFile(_png()))
    return template


@pytest.fixture
def document(ks, alice, template):
    case = case_register(board=ks, title="Målbild", handler=alice, registered_by=alice)
    return document_start(case=case, user=alice)


def _logo_src(html: str) -> str:
    return re.search(r'<img class="doc-head__logo" src="([^"]+)"', html).group(1)


def test_the_page_and_the_pdf_show_the_logo_from_an_address_that_serves_it(
    client, alice, document
):
    client.force_login(alice)

    page = client.get(reverse("cases:document", args=[document.case_id]))

    src = _logo_src(page.content.decode())
    assert _logo_src(document_html(document)) == src
    logo = client.get(src)
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/png"
    assert b"".join(logo.streaming_content) == _png()


def test_a_logo_is_public_and_kept_by_browsers_for_a_day(client, template):
    name = template.logo.name.rpartition("/")[2]

    response = client.get(reverse("logo", args=[name]))

    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=86400"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_svg_logo_cannot_run_scripts(client, template):
    template.logo.save(
        "logga.svg",
        ContentFile(
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>'
        ),
    )

    response = client.get(reverse("logo", args=["logga.svg"]))

    assert response["Content-Type"] == "image/svg+xml"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]


def test_only_logos_have_an_address(client, template):
    default_storage.save("attachments/1/karta.png", ContentFile(_png()))
    default_storage.save("templates/logos/avtal.pdf", ContentFile(b"%PDF-1.7"))

    assert client.get(reverse("logo", args=["karta.png"])).status_code == 404
    assert client.get(reverse("logo", args=["avtal.pdf"])).status_code == 404
    assert client.get("/logos/..%2Fattachments%2F1%2Fkarta.png").status_code == 404


def test_a_missing_logo_is_not_found(client, template):
    assert client.get(reverse("logo", args=["finns-inte.png"])).status_code == 404
