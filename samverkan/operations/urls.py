from django.urls import path

from . import views

urlpatterns = [
    path("<uuid:pk>/", views.job_page, name="job"),
    path("<uuid:pk>/status/", views.job_status, name="job-status"),
    path("<uuid:pk>/download/", views.job_download, name="job-download"),
]
