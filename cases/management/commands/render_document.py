"""`render_document`: write a case's tjänsteskrivelse, or its handlingar, to a PDF file.

    python manage.py render_document "KS 2023/236" --out malbild.pdf
    python manage.py render_document "KS 2023/236" --organisation huddinge --handlingar --out handlingar.pdf

The number is the case number as the diarium writes it. `--organisation` (slug or
four-digit kommunkod) picks the organisation when several have a case of that
number. The PDF is the one the portal serves: the stored file while the document
is unchanged, else a new one (which is then stored).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from cases.models import Case, Document
from cases.services import document_pdf
from cases.services.handlingar import handlingar_pdf


class Command(BaseCommand):
    help = "Write the tjänsteskrivelse (or with --handlingar, the tjänsteskrivelse and its attachments) of a case to a PDF file."

    def add_arguments(self, parser):
        parser.add_argument("number", help='Case number, e.g. "KS 2023/236".')
        parser.add_argument(
            "--out", required=True, type=Path, help="The PDF file to write."
        )
        parser.add_argument(
            "--organisation",
            help="Slug or kommunkod of the organisation, e.g. huddinge or 0126.",
        )
        parser.add_argument(
            "--handlingar",
            action="store_true",
            help="The tjänsteskrivelse followed by every attachment, with bookmarks.",
        )

    def handle(self, *args, number, out, organisation=None, handlingar=False, **opts):
        case = self._case(number.strip(), organisation)
        document = Document.objects.filter(case=case).select_related("template").first()
        if document is None:
            raise CommandError(f"Case {case.number} has no tjänsteskrivelse yet.")
        document.case = case
        data = handlingar_pdf(document) if handlingar else document_pdf(document)
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(f"Cannot write {out}: {error}") from error
        self.stdout.write(f"{out}: {len(data)} bytes")

    def _case(self, number: str, organisation: str | None) -> Case:
        cases = Case.objects.with_related().filter(number=number)
        if organisation:
            cases = cases.filter(
                Q(board__organisation__slug=organisation)
                | Q(board__organisation__municipality_code=organisation)
            )
        found = list(cases[:10])
        if not found:
            where = f" in organisation {organisation!r}" if organisation else ""
            raise CommandError(f"No case numbered {number!r}{where}.")
        if len(found) > 1:
            names = ", ".join(
                f"{c.board.organisation.name} ({c.board.organisation.slug})"
                for c in found
            )
            raise CommandError(
                f"Several organisations have a case {number!r}: {names}. "
                "Choose one with --organisation <slug or kommunkod>."
            )
        return found[0]
