"""A case's tjänsteskrivelse through the API, read whole (for logged-in
users, as its page and its PDF)."""

from django.db.models import Q
from django.urls import reverse as django_reverse
from rest_framework import generics, serializers
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.reverse import reverse

from ..models import Case, Document


class SectionSerializer(serializers.Serializer):
    title = serializers.CharField(read_only=True)
    text = serializers.CharField(
        read_only=True, help_text="As written, in the portal's section markup."
    )
    html = serializers.CharField(read_only=True, help_text="Sanitised HTML.")


class SignatorySerializer(serializers.Serializer):
    name = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)


class AttachmentSerializer(serializers.Serializer):
    number = serializers.IntegerField(read_only=True, help_text='"Bilaga 1." is 1.')
    title = serializers.CharField(read_only=True)
    content_type = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    source_case = serializers.CharField(
        read_only=True,
        allow_null=True,
        help_text="The number of the case whose document is the attachment.",
    )


class ReferenceSerializer(serializers.Serializer):
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(read_only=True)
    note = serializers.CharField(read_only=True)
    url = serializers.URLField(read_only=True)


class DocumentSerializer(serializers.Serializer):
    """A case's tjänsteskrivelse, read whole."""

    case = serializers.CharField(read_only=True, help_text="The diarienummer.")
    title = serializers.CharField(read_only=True)
    document_date = serializers.DateField(read_only=True)
    version = serializers.IntegerField(read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    signatories = SignatorySerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    references = ReferenceSerializer(many=True, read_only=True)
    recipients = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Beslutet ska skickas till.",
    )
    pdf_url = serializers.URLField(read_only=True)


class CaseDocumentView(generics.GenericAPIView):
    """The tjänsteskrivelse of a case (404 while it has none, or when the case is
    not visible to the user, as in `/api/cases/`). For logged-in users, as its
    page and its PDF are: a draft is not published by being public in the
    diarium. References and attached cases the user may not see are left out
    (their number and title are as secret as the case)."""

    serializer_class = DocumentSerializer
    permission_classes = [IsAuthenticated]

    def get(self, request, case_pk: int) -> Response:
        case = get_object_or_404(
            Case.objects.visible_to(request.user)
            .select_related("board")
            .prefetch_related("recipients", "references__referenced_case"),
            pk=case_pk,
        )
        visible = set(
            Case.objects.visible_to(request.user)
            .filter(Q(referenced_by__case=case) | Q(attached_to__document__case=case))
            .values_list("pk", flat=True)
        )
        document = get_object_or_404(
            Document.objects.prefetch_related(
                "sections", "signatories", "attachments__source_case"
            ),
            case=case,
        )
        data = {
            "case": case.number,
            "title": document.title,
            "document_date": document.document_date,
            "version": document.version,
            "sections": document.sections.all(),
            "signatories": document.signatories.all(),
            "attachments": [
                {
                    "number": position,
                    "title": a.title,
                    "content_type": a.content_type,
                    "size": a.size,
                    "source_case": a.source_case.number
                    if a.source_case_id in visible
                    else None,
                }
                for position, a in enumerate(document.attachments.all(), start=1)
            ],
            "references": [
                {
                    "number": r.referenced_case.number,
                    "title": r.referenced_case.title,
                    "note": r.note,
                    "url": reverse(
                        "case-detail", args=[r.referenced_case_id], request=request
                    ),
                }
                for r in case.references.all()
                if r.referenced_case_id in visible
            ],
            "recipients": [r.name for r in case.recipients.all()],
            "pdf_url": request.build_absolute_uri(
                django_reverse("cases:document-pdf", args=[case.pk])
            ),
        }
        return Response(self.get_serializer(data).data)
