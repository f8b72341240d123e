from django.contrib.auth import views as auth_views
from django.urls import path

from . import views, views_account, views_people

urlpatterns = [
    path("login/", views_account.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("account/", views_account.account, name="account"),
    path("account/mfa/", views_account.second_factor, name="mfa"),
    path(
        "account/password/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "account/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("password-reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("people/", views_people.people_list, name="people-list"),
    path("people/invite/", views_people.people_invite, name="people-invite"),
    path("people/<int:pk>/role/", views_people.people_role, name="people-role"),
    path("people/<int:pk>/remove/", views_people.people_remove, name="people-remove"),
    path("people/<int:pk>/deactivate/", views_people.people_deactivate, name="people-deactivate"),
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
