from django.urls import path

from . import views_compliance as views

urlpatterns = [
    path("compliance/", views.compliance_latest, name="compliance"),
    path("compliance/<int:year>/", views.compliance_dashboard, name="compliance-dashboard"),
    path(
        "compliance/<int:year>/<slug:key>/",
        views.compliance_records,
        name="compliance-records",
    ),
]
