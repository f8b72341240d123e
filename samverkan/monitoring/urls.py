from django.urls import path

from . import views

urlpatterns = [
    path("", views.watch_item_list, name="watchitem-list"),
    path("new/", views.watch_item_create, name="watchitem-create"),
    path("<int:pk>/", views.watch_item_detail, name="watchitem-detail"),
    path("<int:pk>/edit/", views.watch_item_edit, name="watchitem-edit"),
    path("<int:pk>/delete/", views.watch_item_delete, name="watchitem-delete"),
    path("<int:pk>/actions/new/", views.influence_action_create, name="influenceaction-create"),
    path("actions/<int:pk>/edit/", views.influence_action_edit, name="influenceaction-edit"),
    path("actions/<int:pk>/delete/", views.influence_action_delete, name="influenceaction-delete"),
    path("subject-areas/", views.subject_area_list, name="subjectarea-list"),
    path("subject-areas/new/", views.subject_area_create, name="subjectarea-create"),
    path("subject-areas/<int:pk>/edit/", views.subject_area_edit, name="subjectarea-edit"),
    path("subject-areas/<int:pk>/delete/", views.subject_area_delete, name="subjectarea-delete"),
    path("calendar/", views.calendar_feed_page, name="calendar-feed-page"),
    path("calendar/change/", views.calendar_feed_change, name="calendar-feed-change"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
