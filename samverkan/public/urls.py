"""The public side, under /m/: readable addresses per municipality (kommunkod)."""

from django.urls import path, re_path

from . import views

app_name = "public"

CODE = r"(?P<code>[0-9]{4})"

urlpatterns = [
    path("", views.index, name="index"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("settings/", views.publication_settings, name="settings"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    re_path(
        r"^catalog\.(?P<extension>jsonld|rdf)$",
        views.installation_catalog,
        name="installation-catalog",
    ),
    re_path(rf"^{CODE}/$", views.municipality_page, name="municipality"),
    re_path(rf"^{CODE}/data/catalog\.(?P<extension>jsonld|rdf)$", views.catalog, name="catalog"),
    re_path(
        rf"^{CODE}/data/(?P<register>[a-z-]+)\.(?P<extension>csv|json)$",
        views.open_data,
        name="open-data",
    ),
    re_path(rf"^{CODE}/activities/(?P<pk>[0-9]+)/$", views.activity_page, name="activity"),
    re_path(rf"^{CODE}/policies/(?P<pk>[0-9]+)/$", views.policy_page, name="policy"),
    re_path(rf"^{CODE}/reports/(?P<year>[0-9]{{4}})/$", views.report_page, name="report"),
    re_path(rf"^{CODE}/reports/(?P<year>[0-9]{{4}})\.docx$", views.report_docx, name="report-docx"),
    re_path(rf"^{CODE}/reports/(?P<year>[0-9]{{4}})\.pdf$", views.report_pdf, name="report-pdf"),
    re_path(
        rf"^{CODE}/compliance/(?P<year>[0-9]{{4}})/$", views.compliance_page, name="compliance"
    ),
    re_path(rf"^{CODE}/(?P<register>[a-z-]+)/$", views.register_page, name="register"),
]
