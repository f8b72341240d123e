"""Pages for partners, contacts, decisions, documents, the control log and rule violations."""

from django.urls import path

from .views import contacts, control, decisions, documents, partners

urlpatterns = [
    path("partners/", partners.partner_list, name="partner-list"),
    path("partners/new/", partners.partner_create, name="partner-create"),
    path("partners/<int:pk>/", partners.partner_detail, name="partner-detail"),
    path("partners/<int:pk>/edit/", partners.partner_edit, name="partner-edit"),
    path("partners/<int:pk>/delete/", partners.partner_delete, name="partner-delete"),
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/new/", contacts.contact_create, name="contact-create"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact-delete"),
    path("contacts/<int:pk>/export/", contacts.contact_export, name="contact-export"),
    path("contacts/<int:pk>/erase/", contacts.contact_erase, name="contact-erase"),
    path("decisions/", decisions.decision_list, name="decision-list"),
    path("decisions/new/", decisions.decision_create, name="decision-create"),
    path("decisions/delegated/", decisions.delegated_decisions, name="delegated-decisions"),
    path("decisions/<int:pk>/", decisions.decision_detail, name="decision-detail"),
    path("decisions/<int:pk>/edit/", decisions.decision_edit, name="decision-edit"),
    path("decisions/<int:pk>/delete/", decisions.decision_delete, name="decision-delete"),
    path(
        "documents/new/<str:parent>/<int:pk>/",
        documents.document_create,
        name="document-create",
    ),
    path("documents/<int:pk>/", documents.document_download, name="document-download"),
    path("documents/<int:pk>/delete/", documents.document_delete, name="document-delete"),
    path(
        "control-log/<str:kind>/<int:pk>/new/",
        control.controllog_create,
        name="controllog-create",
    ),
    path("rule-violations/", control.rule_violations, name="rule-violations"),
    path("settings/", control.register_settings, name="register-settings"),
    path("processing/", control.record_of_processing, name="record-of-processing"),
]
