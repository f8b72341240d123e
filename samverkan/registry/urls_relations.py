"""Pages for twin towns, agreements and memberships."""

from django.urls import path

from .views import agreements, memberships, twin_towns

urlpatterns = [
    path("twin-towns/", twin_towns.twintown_list, name="twintown-list"),
    path("twin-towns/new/", twin_towns.twintown_create, name="twintown-create"),
    path(
        "twin-towns/wikidata/export/",
        twin_towns.twintown_wikidata_export,
        name="twintown-wikidata-export",
    ),
    path(
        "twin-towns/wikidata/check/",
        twin_towns.twintown_wikidata_check,
        name="twintown-wikidata-check",
    ),
    path("twin-towns/<int:pk>/", twin_towns.twintown_detail, name="twintown-detail"),
    path("twin-towns/<int:pk>/edit/", twin_towns.twintown_edit, name="twintown-edit"),
    path("twin-towns/<int:pk>/delete/", twin_towns.twintown_delete, name="twintown-delete"),
    path(
        "twin-towns/<int:pk>/notes/new/",
        twin_towns.twintown_note_create,
        name="twintown-note-create",
    ),
    path("twin-towns/<int:pk>/review/", twin_towns.twintown_review, name="twintown-review"),
    path("agreements/", agreements.agreement_list, name="agreement-list"),
    path("agreements/new/", agreements.agreement_create, name="agreement-create"),
    path("agreements/renewals/", agreements.agreement_renewals, name="agreement-renewals"),
    path("agreements/<int:pk>/", agreements.agreement_detail, name="agreement-detail"),
    path("agreements/<int:pk>/edit/", agreements.agreement_edit, name="agreement-edit"),
    path("agreements/<int:pk>/delete/", agreements.agreement_delete, name="agreement-delete"),
    path("memberships/", memberships.membership_list, name="membership-list"),
    path("memberships/new/", memberships.membership_create, name="membership-create"),
    path("memberships/<int:pk>/", memberships.membership_detail, name="membership-detail"),
    path("memberships/<int:pk>/edit/", memberships.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/delete/", memberships.membership_delete, name="membership-delete"),
    path(
        "memberships/<int:pk>/fees/new/",
        memberships.membership_fee_create,
        name="membership-fee-create",
    ),
    path(
        "memberships/<int:pk>/participation/new/",
        memberships.membership_participation_create,
        name="membership-participation-create",
    ),
    path(
        "memberships/<int:pk>/reviews/new/",
        memberships.membership_review_create,
        name="membership-review-create",
    ),
]
