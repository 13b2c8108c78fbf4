"""The pages that more than one view module renders: the case page and the
document page (with the approval workflow's panel), and the document helpers
of the editor (editor.py) and the side panels (panels.py).

A POST view that finds its form invalid renders the page it was sent from again
through these, with the form and its errors; nothing here is a view itself.
"""

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from members.models import Organisation, User
from members.roles import Role
from ssr_portal.lib.collation import swedish

from ..forms.documents import RecipientForm, ReferenceForm, SignatoryForm
from ..forms.workflow import ReopenForm, ReturnForm
from ..history import case_history
from ..models import Case, CaseReference, Document
from ..permissions import is_insider, user_may_write
from ..services import documents as document_services
from ..services import workflow as workflow_services
from ..services.transitions import frozen_message


def workflow_context(
    user: User,
    case: Case,
    *,
    return_form: ReturnForm | None = None,
    reopen_form: ReopenForm | None = None,
) -> dict:
    """What the actions panel and the approval trail show to this user.

    The people of the case's organisation see the trail and the open return
    comment; everyone who sees the case sees whether it is approved."""
    insider = is_insider(user, case)
    trail = workflow_services.approval_trail(case) if insider else []
    actions = (
        workflow_services.case_actions_for(case=case, user=user) if insider else []
    )
    approval = workflow_services.current_approval(case, trail if insider else None)
    # A chief executive who may not approve this one is told why, in the panel.
    four_eyes = ""
    if insider and case.status == Case.Status.SUBMITTED and "return" in actions:
        four_eyes = workflow_services.four_eyes_refusal(user=user, case=case)
    return {
        "workflow": {
            "actions": actions,
            "trail": trail,
            "approval": approval,
            "open_return": workflow_services.open_return(case, trail)
            if insider
            else None,
            "frozen_message": frozen_message(case) if case.is_frozen else "",
            "four_eyes": four_eyes,
            "return_form": return_form or ReturnForm(),
            "reopen_form": reopen_form or ReopenForm(),
        }
    }


def case_page(
    request: HttpRequest, case: Case, *, return_form=None, reopen_form=None
) -> HttpResponse:
    user = request.user
    # People of another organisation see a public case, but not what its secret
    # documents are about.
    may_see_secrets = is_insider(user, case)
    workflow = workflow_context(
        user, case, return_form=return_form, reopen_form=reopen_form
    )
    return render(
        request,
        "cases/detail.html",
        {
            "case": case,
            "document": getattr(case, "document", None),
            "entries": case.entries.select_related("registered_by"),
            # The steps' comments show to those who see the approval trail.
            "history": case_history(
                case,
                include_secret_documents=may_see_secrets,
                steps=workflow["workflow"]["trail"],
            ),
            "may_see_secrets": may_see_secrets,
            "may_change": user_may_write(user=user, board=case.board),
        }
        | workflow,
    )


# How many of the organisation's case numbers the reference field suggests.
REFERENCE_SUGGESTIONS = 300


def get_document(case: Case, *, for_display: bool = True) -> Document | None:
    """The case's report; `for_display` reads what its page and preview show."""
    documents = Document.objects.filter(case=case)
    if for_display:
        documents = documents.select_related("template").prefetch_related(
            "signatories", "attachments"
        )
    document = documents.first()
    if document is not None:
        document.case = case
    return document


def require_document(case: Case, *, for_display: bool = True) -> Document:
    document = get_document(case, for_display=for_display)
    if document is None:
        raise Http404("This case has no official report yet.")
    return document


def document_url(case: Case, anchor: str = "") -> str:
    url = reverse("cases:document", args=[case.pk])
    return f"{url}#{anchor}" if anchor else url


def visible_references(case: Case, user: User) -> list[CaseReference]:
    """The case's references to cases the user may see (a secret case of another
    organisation is neither listed nor linked)."""
    return list(
        case.references.filter(
            referenced_case__in=Case.objects.visible_to(user)
        ).select_related("referenced_case")
    )


def reference_links(references: list[CaseReference]) -> dict[str, str]:
    return {
        r.referenced_case.number: r.referenced_case.get_absolute_url()
        for r in references
    }


def directors(case: Case) -> QuerySet[User]:
    """Who may be picked as signatory: the organisation's chief executives."""
    return (
        User.objects.filter(
            organisation_id=case.board.organisation_id,
            is_active=True,
            groups__name=Role.DIRECTOR,
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


def reference_cases(case: Case, user: User) -> QuerySet[Case]:
    return Case.objects.visible_to(user).exclude(pk=case.pk)


# The document page ---------------------------------------------------------


def document_page(
    request: HttpRequest,
    case: Case,
    *,
    signatory_form: SignatoryForm | None = None,
    recipient_form: RecipientForm | None = None,
    reference_form: ReferenceForm | None = None,
    return_form=None,
    reopen_form=None,
) -> HttpResponse:
    user = request.user
    document = get_document(case)
    # A frozen report (submitted, approved or further on) shows no change forms.
    may_change = user_may_write(user=user, board=case.board) and not case.is_frozen
    context = {"case": case, "document": document, "may_change": may_change}
    context |= workflow_context(
        user, case, return_form=return_form, reopen_form=reopen_form
    )
    if document is not None:
        references = visible_references(case, user)
        context |= {
            "doc": document_services.document_view(document),
            "links": reference_links(references),
            "references": references,
            "signatories": list(document.signatories.all()),
            "recipients": list(case.recipients.all()),
        }
        if may_change:
            context |= {
                "signatory_form": signatory_form
                or SignatoryForm(people=directors(case)),
                "recipient_form": recipient_form
                or RecipientForm(
                    organisations=Organisation.objects.order_by(swedish("name"))
                ),
                "reference_form": reference_form
                or ReferenceForm(case=case, cases=reference_cases(case, user)),
                "reference_suggestions": reference_cases(case, user)
                .filter(board__organisation_id=case.board.organisation_id)
                .newest_first()
                .values_list("number", "title")[:REFERENCE_SUGGESTIONS],
            }
    return render(request, "cases/document/detail.html", context)
