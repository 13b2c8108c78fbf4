"""The search index: one row per case with the text that may be searched.

A row holds two texts of its case, because two audiences search:
- `public_text` is what anyone may read of a public case: its number, title and
  description, its public registered documents, its tjänsteskrivelse (with the
  text of its attachments) once approved, and its decisions once the minutes are
  adjusted. A case that is not public has no public text, so a secret part is
  never indexed into a public result.
- `full_text` is everything of the case, for the people of its organisation.

On PostgreSQL both are kept as `tsvector` columns with the Swedish configuration
(weights: the title A, the description B, the rest C) behind GIN indexes, and the
title and number behind trigram indexes (migration 0017). On SQLite the stems of
the words (Snowball's Swedish stemmer) are kept instead. The row is derived from
the case and rewritten after each commit that touches it
(`cases/services/search_index.py`); `manage.py search_index_rebuild` writes all.
The filters and facets of the search are columns of the row, so that neither
needs a join.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .diarium import Case


class CaseSearchEntry(models.Model):
    case = models.OneToOneField(
        Case, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    organisation_id = models.IntegerField(_("organisation"))
    board_id = models.IntegerField(_("board"))
    year = models.PositiveSmallIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial"))
    status = models.CharField(_("status"), max_length=20)
    kind = models.CharField(_("kind"), max_length=30)
    case_class_id = models.IntegerField(_("class"), null=True, blank=True)
    is_public = models.BooleanField(_("public"))
    # "KS 2023/236 Målbild …": what the trigram index and the ranking's A weight see.
    title = models.CharField(_("title"), max_length=400)
    description = models.TextField(_("description"), blank=True, default="")
    public_text = models.TextField(_("public text"), blank=True, default="")
    full_text = models.TextField(_("full text"), blank=True, default="")
    # PostgreSQL: the texts as vectors (NULL on SQLite).
    public_vector = SearchVectorField(null=True, blank=True)
    full_vector = SearchVectorField(null=True, blank=True)
    # SQLite: the stems of the words, space-separated with a space at each end
    # (empty on PostgreSQL).
    public_stems = models.TextField(blank=True, default="")
    full_stems = models.TextField(blank=True, default="")
    indexed_at = models.DateTimeField(_("indexed at"), auto_now=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        indexes = [
            # The newest first among the matches, and the organisation's own.
            models.Index(
                fields=["organisation_id", "-year", "-serial"],
                name="cases_search_org_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.title
