from django.urls import path

from . import views

urlpatterns = [
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme-detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme-edit"),
    path("programmes/<int:pk>/delete/", views.programme_delete, name="programme-delete"),
    path("calls/", views.call_list, name="call-list"),
    path("calls/fetch/", views.call_fetch, name="call-fetch"),
    path("calls/<int:pk>/", views.call_detail, name="call-detail"),
    path("calls/<int:pk>/mark/", views.call_mark, name="call-mark"),
    path("saved-searches/", views.savedsearch_list, name="savedsearch-list"),
    path("saved-searches/new/", views.savedsearch_create, name="savedsearch-create"),
    path("saved-searches/<int:pk>/edit/", views.savedsearch_edit, name="savedsearch-edit"),
    path("saved-searches/<int:pk>/delete/", views.savedsearch_delete, name="savedsearch-delete"),
    path("watch-profiles/", views.watchprofile_list, name="watchprofile-list"),
    path("watch-profiles/new/", views.watchprofile_create, name="watchprofile-create"),
    path("watch-profiles/<int:pk>/", views.watchprofile_edit, name="watchprofile-edit"),
]
