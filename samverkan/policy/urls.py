from django.urls import path

from . import views

urlpatterns = [
    path("", views.policy_list, name="policy-list"),
    path("<int:pk>/", views.policy_detail, name="policy-detail"),
    path("setup/", views.setup_municipality, name="municipality-setup"),
    path("sections/<slug:key>/", views.section, name="section"),
]
