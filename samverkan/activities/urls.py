from django.urls import path

from .views import activities, resources, trainings

urlpatterns = [
    path("", activities.activity_list, name="activity-list"),
    path("new/", activities.activity_create, name="activity-create"),
    path("<int:pk>/", activities.activity_detail, name="activity-detail"),
    path("<int:pk>/edit/", activities.activity_edit, name="activity-edit"),
    path("<int:pk>/delete/", activities.activity_delete, name="activity-delete"),
    path(
        "<int:pk>/funding/new/", activities.activity_funding_create, name="activity-funding-create"
    ),
    path(
        "funding/<int:pk>/delete/",
        activities.activity_funding_delete,
        name="activity-funding-delete",
    ),
    path(
        "<int:pk>/milestones/new/",
        activities.activity_milestone_create,
        name="activity-milestone-create",
    ),
    path(
        "<int:pk>/attachments/new/",
        activities.activity_attachment_create,
        name="activity-attachment-create",
    ),
    path(
        "attachments/<int:pk>/",
        activities.activity_attachment_download,
        name="activity-attachment-download",
    ),
    path("trainings/", trainings.training_list, name="training-list"),
    path("trainings/new/", trainings.training_create, name="training-create"),
    path("trainings/<int:pk>/", trainings.training_detail, name="training-detail"),
    path("trainings/<int:pk>/edit/", trainings.training_edit, name="training-edit"),
    path("trainings/<int:pk>/delete/", trainings.training_delete, name="training-delete"),
    path("resources/", resources.resource_list, name="resource-list"),
    path("resources/new/", resources.resource_create, name="resource-create"),
    path("resources/<int:pk>/edit/", resources.resource_edit, name="resource-edit"),
    path("resources/<int:pk>/delete/", resources.resource_delete, name="resource-delete"),
]

from . import urls_transfer  # noqa: E402  (import and export pages)

urlpatterns += urls_transfer.urlpatterns
