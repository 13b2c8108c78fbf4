"""The organisation's klassificeringsstruktur: importing its classes from CSV
(`manage.py import_classification` and the import page of the classes' admin).

Columns (Swedish or English headers; `;`, `,` or tab; UTF-8 or Windows-1252):

    kod          the class's code ("042", "1.1.2")
    namn         its name ("Yttranden över remisser")
    överordnad   optional: the code of the class above it

Without an "överordnad" column the hierarchy is read from the codes: a dotted code
belongs under the code without its last part ("1.1.2" under "1.1"), any other code
under the longest code that begins it ("042" under "04", "04" under "0"), as in
the organisation's own plan or one based on SKR's model. A class already there
keeps its row (cases point at it) and takes the file's name and place. All or
nothing, with a message per refused row naming its line; a dry run reports what
would change and saves nothing.
"""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members.models import Organisation, User
from ssr_portal.lib.csv_input import CsvImportReport, read_rows, row_error
from ssr_portal.lib.history import set_history_user

from ..models import CaseClass

COLUMNS = {
    "kod": ("klass", "klasskod", "code"),
    "namn": ("benämning", "rubrik", "name"),
    "överordnad": ("förälder", "överordnad klass", "parent"),
}

# What each column holds, as the admin's import page tells it.
COLUMN_HELP = [
    ("kod", gettext_lazy("The class's code, e.g. 042 or 1.1.2.")),
    ("namn", gettext_lazy("Its name.")),
    (
        "överordnad",
        gettext_lazy(
            "Optional: the code of the class above it (otherwise read from the"
            " codes: 1.1.2 under 1.1, 042 under 04)."
        ),
    ),
]


@dataclass(kw_only=True)
class ClassificationImportReport(CsvImportReport):
    organisation: Organisation
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def done_lines(self) -> list[str]:
        values = {
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "organisation": self.organisation.name,
        }
        if self.dry_run:
            return [
                _(
                    "Dry run: %(created)s classes would be added to %(organisation)s"
                    " and %(updated)s changed; %(unchanged)s are as in the file."
                    " Nothing was saved."
                )
                % values
            ]
        return [
            _(
                "%(created)s classes were added to %(organisation)s and %(updated)s"
                " changed; %(unchanged)s were as in the file."
            )
            % values
        ]


def check_may_manage_classes(user: User, organisation: Organisation) -> None:
    """An administrator's work: the admin's import page, or the command, which
    acts as the portal itself."""
    if not (user.is_system or user.has_perm("cases.add_caseclass")):
        raise PermissionDenied(
            _("Only an administrator may change the organisation's classification.")
        )


def parent_code(code: str, codes: set[str]) -> str:
    """The code of the class above `code` among `codes`, or "" for a top class."""
    if "." in code:
        above = code.rsplit(".", 1)[0]
        return above if above in codes else ""
    for length in range(len(code) - 1, 0, -1):
        if code[:length] in codes:
            return code[:length]
    return ""


def case_classes_import_csv(
    *, organisation: Organisation, data: bytes | str, user: User, dry_run: bool = False
) -> ClassificationImportReport:
    check_may_manage_classes(user, organisation)
    rows = read_rows(data, columns=COLUMNS, required=("kod", "namn"))
    report = ClassificationImportReport(
        organisation=organisation, dry_run=dry_run, rows=len(rows)
    )
    existing = {c.code: c for c in CaseClass.objects.filter(organisation=organisation)}
    seen: dict[str, int] = {}
    wanted: list[tuple[str, str, str]] = []
    for row in rows:
        code, name, parent = row.get("kod"), row.get("namn"), row.get("överordnad")
        problems = []
        if not code:
            problems.append(_("the code is missing."))
        elif code in seen:
            problems.append(
                _("the code %(code)s is already on row %(line)s.")
                % {"code": code, "line": seen[code]}
            )
        if not name:
            problems.append(_("the name is missing."))
        if problems:
            report.errors.append(row_error(row.line, " ".join(problems)))
            continue
        seen[code] = row.line
        wanted.append((code, name, parent))
    codes = set(existing) | {code for code, _name, _parent in wanted}
    has_parent_column = any(parent for _code, _name, parent in wanted)
    plan = []
    for code, name, parent in wanted:
        if has_parent_column:
            if parent and parent not in codes:
                report.errors.append(
                    _(
                        "Row %(line)s: the class above, %(parent)s, is neither in the"
                        " file nor in the classification."
                    )
                    % {"line": seen[code], "parent": parent}
                )
                continue
            if parent == code:
                report.errors.append(
                    _("Row %(line)s: a class cannot be above itself.")
                    % {"line": seen[code]}
                )
                continue
        else:
            parent = parent_code(code, codes)
        plan.append((code, name, parent))
    if report.errors:
        return report
    with transaction.atomic():
        by_code = dict(existing)
        # Parents first: a code's parent is shorter or written before it.
        for code, name, _parent in plan:
            current = by_code.get(code)
            if current is None:
                current = CaseClass(organisation=organisation, code=code, name=name)
                set_history_user(current, user)
                current.save()
                by_code[code] = current
                report.created.append(code)
            elif current.name != name:
                current.name = name
                set_history_user(current, user)
                current.save()
                report.updated.append(code)
        for code, _name, parent in plan:
            current = by_code[code]
            parent_id = by_code[parent].pk if parent else None
            if current.parent_id != parent_id:
                current.parent_id = parent_id
                set_history_user(current, user)
                current.save()
                if code not in report.created and code not in report.updated:
                    report.updated.append(code)
            elif code not in report.created and code not in report.updated:
                report.unchanged.append(code)
        if dry_run:
            transaction.set_rollback(True)
    return report
