from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("municipality/switch/", views.switch_municipality, name="switch-municipality"),
    path("bodies/", views.body_list, name="body-list"),
    path("bodies/new/", views.body_create, name="body-create"),
    path("bodies/<int:pk>/", views.body_detail, name="body-detail"),
    path("bodies/<int:pk>/edit/", views.body_edit, name="body-edit"),
    path("bodies/<int:pk>/delete/", views.body_delete, name="body-delete"),
    path("goals/", views.goal_list, name="goal-list"),
    path("goals/new/", views.goal_create, name="goal-create"),
    path("goals/<int:pk>/", views.goal_detail, name="goal-detail"),
    path("goals/<int:pk>/edit/", views.goal_edit, name="goal-edit"),
    path("goals/<int:pk>/delete/", views.goal_delete, name="goal-delete"),
]
