"""An attached report whose title was copied from a case under secrecy into a case
that others may read named the secret case (issue 10): such titles become the
neutral one that attachment_add_case_document now gives, in the attachment's
history too. A title the official typed (other than the source's own) is left as
it is."""

from django.db import migrations

NEUTRAL = "Tjänsteskrivelse i sekretessbelagt ärende"


def _may_include(case, source_case) -> bool:
    # cases/services/handlingar.py: case_may_include, as it is today.
    if source_case.secrecy == "public":
        return True
    return (
        case.secrecy != "public"
        and source_case.board.organisation_id == case.board.organisation_id
    )


def neutral_titles(apps, schema_editor):
    Attachment = apps.get_model("cases", "Attachment")
    HistoricalAttachment = apps.get_model("cases", "HistoricalAttachment")
    Document = apps.get_model("cases", "Document")
    attached = Attachment.objects.filter(source_case__isnull=False).select_related(
        "source_case__board", "document__case__board"
    )
    for attachment in attached.iterator():
        source = Document.objects.filter(case=attachment.source_case).first()
        if source is None or attachment.title != source.title:
            continue
        if not _may_include(attachment.document.case, attachment.source_case):
            Attachment.objects.filter(pk=attachment.pk).update(title=NEUTRAL)
            # The case's history shows the attachment's title too.
            HistoricalAttachment.objects.filter(
                id=attachment.pk, title=source.title
            ).update(title=NEUTRAL)


class Migration(migrations.Migration):
    dependencies = [("cases", "0010_attachment_text")]

    operations = [migrations.RunPython(neutral_titles, migrations.RunPython.noop)]
