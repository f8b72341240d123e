from django.urls import path

from . import views_accounts as views
from .report import views as report_views

urlpatterns = [
    path("accounts/", views.account_rounds, name="account-rounds"),
    path("accounts/<int:year>/", views.account_board, name="account-board"),
    path("accounts/account/<int:pk>/", views.account_detail, name="account-detail"),
    path("accounts/account/<int:pk>/edit/", views.account_edit, name="account-edit"),
    path("accounts/account/<int:pk>/submit/", views.account_submit, name="account-submit"),
    path("accounts/account/<int:pk>/approve/", views.account_approve, name="account-approve"),
    path("accounts/account/<int:pk>/return/", views.account_return, name="account-return"),
    path("accounts/account/<int:pk>/reporter/", views.account_reporter, name="account-reporter"),
    path("report/<int:year>/", report_views.report_page, name="account-report"),
    path("report/<int:year>/docx/", report_views.report_docx, name="account-report-docx"),
    path("report/<int:year>/pdf/", report_views.report_pdf, name="account-report-pdf"),
]
