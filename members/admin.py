from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    ApiToken,
    Board,
    ChefsgruppSeat,
    Diarium,
    ExternalIdentity,
    MembershipEvent,
    Organisation,
    Population,
    User,
)
from .roles import Role
from .tokens import TOKEN_ROLES, api_token_create, api_token_revoke


class MembershipEventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0


class DiariumInline(admin.TabularInline):
    """The organisation's diaria; each one's page has the live example of its
    number format and its series by year (cases/admin.py)."""

    model = Diarium
    extra = 0
    fields = ["name", "prefix", "number_format", "first_serial"]
    show_change_link = True


class BoardInline(admin.TabularInline):
    model = Board
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality_code", "org_number", "cost_weight"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "municipality_code", "org_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [DiariumInline, BoardInline, MembershipEventInline]


@admin.register(Population)
class PopulationAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "year", "population"]
    list_filter = ["year"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "prefix", "diarium"]
    list_select_related = ["organisation", "diarium"]
    search_fields = ["name", "prefix", "organisation__name"]


@admin.register(ChefsgruppSeat)
class ChefsgruppSeatAdmin(SimpleHistoryAdmin):
    list_display = ["area", "organisation", "holder_title", "holder_name"]
    list_select_related = ["organisation"]


@admin.register(User)
class PortalUserAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = [
        "username",
        "first_name",
        "last_name",
        "organisation",
        "title",
        "is_active",
    ]
    list_filter = ["organisation__kind", "groups", "is_active", "is_staff"]
    list_select_related = ["organisation"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (
            _("Organisation"),
            {"fields": ["organisation", "title", "phone", "is_api_client"]},
        ),
    ]
    readonly_fields = ["is_api_client"]
    inlines = []

    def get_inlines(self, request, obj):
        return [ExternalIdentityInline] if obj is not None else []


class ExternalIdentityInline(admin.TabularInline):
    """The accounts at the identity provider that log in as this user (single
    sign-on): removing one unlinks it; the next login links by e-mail again."""

    model = ExternalIdentity
    extra = 0
    fields = ["issuer", "subject", "last_login_at"]
    readonly_fields = ["issuer", "subject", "last_login_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ApiTokenCreationForm(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"),
        choices=[(role.value, role.label) for role in TOKEN_ROLES],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the system may do with a write token, as a person with these "
            "roles in the organisation may. A read token needs none."
        ),
    )

    class Meta:
        model = ApiToken
        fields = ["name", "organisation", "scope", "expires_at"]

    def clean_expires_at(self):
        expires_at = self.cleaned_data.get("expires_at")
        if expires_at is not None and expires_at <= timezone.now():
            raise forms.ValidationError(_("The expiry must be in the future."))
        return expires_at


@admin.register(ApiToken)
class ApiTokenAdmin(SimpleHistoryAdmin):
    """Tokens of machine clients. The token is shown once, on the page that
    follows its creation; a lost token is revoked and a new one made."""

    list_display = [
        "name",
        "organisation",
        "scope",
        "prefix",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    list_filter = ["scope", "organisation"]
    list_select_related = ["organisation"]
    search_fields = ["name", "prefix", "organisation__name"]
    actions = ["revoke"]
    readonly_fields = [
        "name",
        "organisation",
        "scope",
        "prefix",
        "user",
        "roles",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiTokenCreationForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "organisation", "scope", "roles", "expires_at"]
        return [*self.readonly_fields, "expires_at"]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # revoke instead: the history names the token's account

    @admin.display(description=_("roles"))
    def roles(self, obj) -> str:
        names = obj.user.groups.values_list("name", flat=True)
        return ", ".join(str(Role(name).label) for name in names) or "–"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        row, token = api_token_create(
            user=request.user,
            name=form.cleaned_data["name"],
            organisation=form.cleaned_data["organisation"],
            scope=form.cleaned_data["scope"],
            roles=form.cleaned_data.get("roles") or [],
            expires_at=form.cleaned_data.get("expires_at"),
        )
        for field in ApiToken._meta.concrete_fields:
            setattr(obj, field.attname, getattr(row, field.attname))
        obj._state.adding = False
        # Shown once, by response_add, and kept nowhere: not in a message (the
        # session or a cookie would hold it).
        request._api_token_plaintext = token

    def response_add(self, request, obj, post_url_continue=None):
        token = getattr(request, "_api_token_plaintext", None)
        if token is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "token": token,
            "object": obj,
            "title": _("API token created"),
        }
        response = TemplateResponse(
            request, "admin/members/apitoken/created.html", context
        )
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        count = 0
        for token in queryset:
            if token.revoked_at is None:
                api_token_revoke(user=request.user, token=token)
                count += 1
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count)
            % {"count": count},
            messages.SUCCESS,
        )
