from django.urls import path

from . import views

urlpatterns = [
    path("", views.application_list, name="application-list"),
    path("board/", views.application_board, name="application-board"),
    path("new/", views.application_create, name="application-create"),
    path("<int:pk>/", views.application_detail, name="application-detail"),
    path("<int:pk>/edit/", views.application_edit, name="application-edit"),
    path("<int:pk>/delete/", views.application_delete, name="application-delete"),
    path("<int:pk>/<slug:kind>/new/", views.part_create, name="application-part-create"),
    path("<slug:kind>/<int:pk>/edit/", views.part_edit, name="application-part-edit"),
    path("<slug:kind>/<int:pk>/delete/", views.part_delete, name="application-part-delete"),
    path("documents/<int:pk>/", views.document_download, name="application-document-download"),
]
