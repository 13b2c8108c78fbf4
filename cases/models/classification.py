"""An organisation's klassificeringsstruktur: the classes its cases are filed
under (its own plan, or one based on SKR's model), hierarchical by `parent`."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.models import Organisation
from ssr_portal.models import TimestampedModel


class CaseClass(TimestampedModel):
    """A class of the klassificeringsstruktur: a code (042, 1.2.3) and a name.
    A diarium whose format has {class} writes the code into the case number."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="case_classes",
        verbose_name=_("organisation"),
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="children",
        null=True,
        blank=True,
        verbose_name=_("parent class"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case class")
        verbose_name_plural = _("case classes")
        ordering = ["organisation__name", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "code"], name="cases_caseclass_unique_code"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.code != self.code.strip() or " " in self.code:
            raise ValidationError({"code": _("A class code has no spaces.")})
        if self.parent is None:
            return
        if self.parent.organisation_id != self.organisation_id:
            raise ValidationError(
                {"parent": _("The parent class must belong to the same organisation.")}
            )
        ancestor: CaseClass | None = self.parent
        while ancestor is not None:
            if self.pk is not None and ancestor.pk == self.pk:
                raise ValidationError(
                    {"parent": _("A class cannot be filed under itself.")}
                )
            ancestor = ancestor.parent
