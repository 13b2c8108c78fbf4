"""Forms of the tjänsteskrivelse: the editor (title, date and every section in one
form), its signatories, recipients and references, and the version comparison."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Organisation, User
from ssr_portal.lib.forms import DateInput, DesignsystemetFormMixin

from ..models import Case, Document, DocumentVersion
from ..services.documents import SectionInput
from .diarium import UserChoiceField

# A tjänsteskrivelse has five sections; room for many more, not for abuse.
MAX_SECTIONS = 40
MAX_SECTION_LENGTH = 100_000
SECTION_PREFIX = "sections"


class DocumentForm(DesignsystemetFormMixin, forms.Form):
    """The editor's own fields; the sections come in SectionFormSet."""

    title = forms.CharField(label=_("Title of the report"), max_length=300)
    document_date = forms.DateField(
        label=_("Date"),
        widget=DateInput,
        help_text=_("The date the report bears."),
    )
    # The version the editor was opened on: the save is refused (and both texts
    # shown) when someone saved another version meanwhile.
    base_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    @classmethod
    def initial_for(cls, document: Document) -> dict:
        return {
            "title": document.title,
            "document_date": document.document_date,
            "base_version": document.version,
        }


class SectionForm(DesignsystemetFormMixin, forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    title = forms.CharField(
        label=_("Heading"),
        max_length=200,
        error_messages={"required": _("Give the section a heading.")},
    )
    text = forms.CharField(
        label=_("Text"),
        required=False,
        strip=False,
        max_length=MAX_SECTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "cols": False, "spellcheck": "true"}),
    )


class BaseSectionFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        # Every posted section is checked, also one added and left empty (Django
        # would let an unchanged "extra" form through without its heading).
        return {**super().get_form_kwargs(index), "empty_permitted": False}

    def clean(self) -> None:
        """A section id may appear once; a copy becomes a new section."""
        seen = set()
        for form in self.forms:
            section_id = form.cleaned_data.get("id")
            if section_id in seen:
                form.cleaned_data["id"] = None
            seen.add(section_id)

    def section_inputs(self) -> list[SectionInput]:
        return [
            SectionInput(
                title=form.cleaned_data["title"],
                text=form.cleaned_data["text"],
                id=form.cleaned_data.get("id"),
            )
            for form in self.forms
        ]


SectionFormSet = forms.formset_factory(
    SectionForm,
    formset=BaseSectionFormSet,
    extra=0,
    max_num=MAX_SECTIONS,
    absolute_max=MAX_SECTIONS,
    validate_max=True,
)


def section_formset(**kwargs) -> BaseSectionFormSet:
    return SectionFormSet(prefix=SECTION_PREFIX, **kwargs)


@dataclass
class PostedSection:
    """A section as posted, before any validation (moving, adding, previewing)."""

    id: str
    title: str
    text: str

    def as_initial(self) -> dict:
        return {"id": self.id, "title": self.title, "text": self.text}

    def as_input(self) -> SectionInput:
        return SectionInput(
            title=self.title, text=self.text, id=int(self.id) if self.id else None
        )


def posted_sections(data) -> list[PostedSection]:
    """The sections of a posted editor form as typed (nothing is validated)."""
    try:
        total = int(data.get(f"{SECTION_PREFIX}-TOTAL_FORMS", 0))
    except (TypeError, ValueError):
        total = 0
    sections = []
    for index in range(max(0, min(total, MAX_SECTIONS))):
        key = f"{SECTION_PREFIX}-{index}-"
        section_id = data.get(key + "id", "")
        sections.append(
            PostedSection(
                id=section_id if section_id.isascii() and section_id.isdigit() else "",
                title=data.get(key + "title", "")[:200],
                text=data.get(key + "text", "")[:MAX_SECTION_LENGTH],
            )
        )
    return sections


def posted_date(data):
    """The posted date if it is one (the preview shows it), else None."""
    try:
        return forms.DateField().clean(data.get("document_date"))
    except ValidationError:
        return None


@dataclass
class SectionAction:
    """A button of the editor that changes the sections without saving."""

    kind: str  # "add", "remove", "up", "down"
    index: int = -1

    @classmethod
    def parse(cls, value: str) -> "SectionAction | None":
        kind, _sep, index = value.partition(":")
        if kind == "add" and not index:
            return cls("add")
        if kind in ("remove", "up", "down") and index.isascii() and index.isdigit():
            return cls(kind, int(index))
        return None

    def apply(self, sections: list[PostedSection]) -> tuple[int | None, str]:
        """Change `sections` in place; return the index of the section to focus
        and a short note for it (None when nothing could be done)."""
        i = self.index
        if self.kind == "add":
            if len(sections) >= MAX_SECTIONS:
                return None, ""
            sections.append(PostedSection(id="", title="", text=""))
            return len(sections) - 1, gettext("New section: give it a heading.")
        if not 0 <= i < len(sections):
            return None, ""
        if self.kind == "remove":
            removed = sections.pop(i)
            return (min(i, len(sections) - 1) if sections else None), (
                gettext("The section “%(title)s” was removed.")
                % {"title": removed.title or gettext("without heading")}
            )
        target = i - 1 if self.kind == "up" else i + 1
        if not 0 <= target < len(sections):
            return i, ""
        sections.insert(target, sections.pop(i))
        return target, (
            gettext("Moved up to place %(place)s.")
            if self.kind == "up"
            else gettext("Moved down to place %(place)s.")
        ) % {"place": target + 1}


# Signatories, recipients, references ---------------------------------------


class SignatoryForm(DesignsystemetFormMixin, forms.Form):
    person = UserChoiceField(
        label=_("Chief executive"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Someone else: write the name and title below"),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Leave it empty to print the chosen person's name."),
    )
    title = forms.CharField(
        label=_("Job title"),
        max_length=150,
        required=False,
        help_text=_("E.g. “Kommundirektör”. Leave it empty for the person's title."),
    )

    def __init__(self, *args, people: QuerySet[User], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.auto_id = "signatory_%s"

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("person"):
            if not data.get("name"):
                self.add_error("name", _("Choose a person or write a name."))
            if not data.get("title"):
                self.add_error("title", _("Write the signatory's title."))
        return data


class RecipientForm(DesignsystemetFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Member organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Someone else: write the name below"),
    )
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        required=False,
        help_text=_("Leave it empty to print the organisation's name."),
    )
    email = forms.EmailField(label=_("E-mail"), required=False)

    def __init__(self, *args, organisations: QuerySet[Organisation], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.auto_id = "recipient_%s"

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("organisation") and not data.get("name"):
            self.add_error("name", _("Choose an organisation or write a name."))
        return data


class ReferenceForm(DesignsystemetFormMixin, forms.Form):
    referenced_case = forms.CharField(
        label=_("Case number"),
        max_length=60,
        help_text=_("The earlier case's number, e.g. “KS 2014/195”."),
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        required=False,
        help_text=_("E.g. “adopted by the municipal executive board, 24 March 2014”."),
    )

    def __init__(self, *args, case: Case, cases: QuerySet[Case], **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.cases = cases
        self.auto_id = "reference_%s"
        self.fields["referenced_case"].widget.attrs["list"] = "reference-cases"
        self.fields["referenced_case"].widget.attrs["autocomplete"] = "off"

    def clean_referenced_case(self) -> Case:
        """The case with this number that the user may see; of the case's own
        organisation first, since two organisations may both have "KS 2023/1"."""
        number = " ".join(self.cleaned_data["referenced_case"].split())
        found = list(
            self.cases.filter(number__iexact=number).select_related("board")[:10]
        )
        own = [
            c
            for c in found
            if c.board.organisation_id == self.case.board.organisation_id
        ]
        if len(own) == 1 or len(found) == 1:
            return own[0] if own else found[0]
        if not found:
            raise ValidationError(
                _("No case numbered %(number)s that you may see."),
                code="unknown",
                params={"number": number},
            )
        raise ValidationError(
            _("Several organisations have a case numbered %(number)s."),
            code="ambiguous",
            params={"number": number},
        )


class VersionCompareForm(forms.Form):
    """Two versions to compare; the field names are the query's ("from", "to")."""

    def __init__(self, *args, versions: list[DocumentVersion], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (v.number, gettext("Version %(number)s") % {"number": v.number})
            for v in versions
        ]
        for name, label in (("from", _("From version")), ("to", _("To version"))):
            self.fields[name] = forms.TypedChoiceField(
                label=label, choices=choices, coerce=int
            )
            self.fields[name].widget.attrs["class"] = "ds-input"
        if len(versions) >= 2:
            self.fields["from"].initial = versions[1].number
            self.fields["to"].initial = versions[0].number

    def clean(self) -> dict:
        data = super().clean()
        if data.get("from") is not None and data.get("from") == data.get("to"):
            raise ValidationError(_("Choose two different versions."))
        return data
