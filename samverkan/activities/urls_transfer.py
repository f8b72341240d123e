"""Import and export of activities (appended to the activities' urls)."""

from django.urls import path

from .views import transfer

urlpatterns = [
    path("import/", transfer.activity_import, name="activity-import"),
    path("import/<str:token>/map/", transfer.activity_import_map, name="activity-import-map"),
    path(
        "import/<str:token>/preview/",
        transfer.activity_import_preview,
        name="activity-import-preview",
    ),
    path("export/", transfer.activity_export, name="activity-export"),
]
