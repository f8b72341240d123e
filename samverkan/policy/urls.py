from django.urls import path

from . import views

urlpatterns = [
    path("", views.policy_list, name="policy-list"),
    path("<int:pk>/", views.policy_detail, name="policy-detail"),
    path("sections/<slug:key>/", views.section, name="section"),
]
