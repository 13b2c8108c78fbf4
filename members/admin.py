from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    Board,
    ChefsgruppSeat,
    MembershipEvent,
    Organisation,
    Population,
    User,
)


class MembershipEventInline(admin.TabularInline):
    model = MembershipEvent
    extra = 0


class BoardInline(admin.TabularInline):
    model = Board
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "municipality_code", "org_number", "cost_weight"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "municipality_code", "org_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BoardInline, MembershipEventInline]


@admin.register(Population)
class PopulationAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "year", "population"]
    list_filter = ["year"]
    list_select_related = ["organisation"]
    search_fields = ["organisation__name"]


@admin.register(Board)
class BoardAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "prefix", "number_format"]
    list_select_related = ["organisation"]
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
        (_("Organisation"), {"fields": ["organisation", "title", "phone"]}),
    ]
