from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    # Fixed paths before the <slug:slug>/ pattern, which would otherwise take them.
    path("chefsgrupp/", views.chefsgrupp, name="chefsgrupp"),
    path("costs/", views.cost_allocation, name="costs"),
    path("costs/csv/", views.cost_allocation_csv, name="costs-csv"),
    path("costs/key/", views.cost_key, name="cost-key"),
    path("costs/population/", views.population_import, name="population-import"),
    path(
        "costs/population/confirm/",
        views.population_import_confirm,
        name="population-import-confirm",
    ),
    # /members/<slug>/
    path("<slug:slug>/", views.organisation_detail, name="detail"),
]
