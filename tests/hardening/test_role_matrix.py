"""Every protected page and every API endpoint, walked as every role, against the matrix.

The expected answer is worked out from the role matrix itself (organisation/roles.py: a
role's conditions on the record the page is about), not from the rules built from it:
allowed gives 2xx or 3xx, forbidden 403, and a record of another municipality 404 as
if it did not exist. Never 500, and never a trace of Motala's records for a user of
another municipality. The URL resolver and the OpenAPI document are enumerated, so a
page or an endpoint added without a line here fails the walk; floors on the number
walked keep it from shrinking silently.
"""

import datetime
import re
import uuid

import pytest
from django.urls import URLResolver, get_resolver, reverse

from samverkan.organisation import roles
from samverkan.organisation.rules import role_of

ANONYMOUS = None
CAST = [ANONYMOUS, "reader", "editor", "registrar", "coordinator", "admin", "vadstena-coordinator"]
FOREIGN = "vadstena-coordinator"

# Pages anyone may open, signed in or not (sign-in, public site, health), and framework
# parts with their own access (Django's admin, the API, sign-in by OIDC, language).
UNPROTECTED_PREFIXES = ("admin/", "api/", "oidc/", "i18n/", "m/", "health/")
UNPROTECTED = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "calendar-feed",  # its secret token is the credential
    "home",  # the start page greets a visitor who is not signed in too
}
SIGNED_IN = "signed in"  # the user's own pages: every signed-in user
OPERATOR = "operator"  # the installation's operator (a superuser), not a municipal role

VIEW = "samverkan.view_record"
ADD = "samverkan.add_record"
CHANGE = "samverkan.change_record"
DELETE = "samverkan.delete_record"

# url name -> (permission, sample): the sample names the record (or the municipality,
# "home") the page is about; see `Samples`.
PAGES = {
    "account": (SIGNED_IN, "home"),
    "mfa": (SIGNED_IN, "home"),
    "password_change": (SIGNED_IN, "home"),
    "password_change_done": (SIGNED_IN, "home"),
    "token-list": (SIGNED_IN, "home"),
    "token-revoke": (SIGNED_IN, "own_token"),
    "calendar-feed-page": (SIGNED_IN, "home"),
    "calendar-feed-change": (SIGNED_IN, "home"),
    "switch-municipality": (SIGNED_IN, "home"),
    # A background job is its requester's alone; one the walk did not start is none.
    "job": (SIGNED_IN, "no_job"),
    "job-status": (SIGNED_IN, "no_job"),
    "job-download": (SIGNED_IN, "no_job"),
    "municipality-setup": (OPERATOR, "home"),
    "policy-list": (VIEW, "home"),
    "policy-detail": (VIEW, "policy"),
    "section": (VIEW, "section"),
    "trash": ("samverkan.restore_record", "home"),
    "trash-restore": ("samverkan.restore_record", "deleted"),
    "partner-list": (VIEW, "home"),
    "partner-create": (ADD, "new_partner"),
    "partner-detail": (VIEW, "partner"),
    "partner-edit": (CHANGE, "partner"),
    "partner-delete": (DELETE, "partner"),
    "contact-list": ("samverkan.view_personal_data", "home"),
    "contact-create": ("samverkan.change_personal_data", "home"),
    "contact-detail": ("samverkan.view_personal_data", "contact"),
    "contact-edit": ("samverkan.change_personal_data", "contact"),
    "contact-delete": ("samverkan.change_personal_data", "contact"),
    "contact-export": ("samverkan.manage_personal_data", "contact"),
    "contact-erase": ("samverkan.manage_personal_data", "contact"),
    "decision-list": (VIEW, "home"),
    "decision-create": ("samverkan.record_decision", "new_decision"),
    "delegated-decisions": (VIEW, "home"),
    "decision-detail": (VIEW, "decision"),
    "decision-edit": ("samverkan.record_decision", "decision"),
    "decision-delete": ("samverkan.delete_decision", "decision"),
    "document-create": ("samverkan.record_decision", "decision_documents"),
    "document-download": ("samverkan.view_confidential", "confidential_document"),
    "document-delete": ("samverkan.record_decision", "confidential_document"),
    "controllog-create": (CHANGE, "agreement_log"),
    "rule-violations": (VIEW, "home"),
    "register-settings": ("samverkan.manage_structure", "home"),
    "record-of-processing": ("samverkan.manage_users", "home"),
    "twintown-list": (VIEW, "home"),
    "twintown-create": (ADD, "new_twin_town"),
    "twintown-wikidata-export": (VIEW, "home"),
    "twintown-wikidata-check": (VIEW, "home"),
    "twintown-detail": (VIEW, "twin_town"),
    "twintown-edit": (CHANGE, "twin_town"),
    "twintown-delete": (DELETE, "twin_town"),
    "twintown-note-create": (CHANGE, "twin_town"),
    "twintown-review": (CHANGE, "twin_town"),
    "agreement-list": (VIEW, "home"),
    "agreement-create": (ADD, "new_agreement"),
    "agreement-renewals": (VIEW, "home"),
    "agreement-detail": (VIEW, "agreement"),
    "agreement-edit": (CHANGE, "agreement"),
    "agreement-delete": (DELETE, "agreement"),
    "membership-list": (VIEW, "home"),
    "membership-create": (ADD, "new_membership"),
    "membership-detail": (VIEW, "membership"),
    "membership-edit": (CHANGE, "membership"),
    "membership-delete": (DELETE, "membership"),
    "membership-fee-create": (CHANGE, "membership"),
    "membership-participation-create": (CHANGE, "participation_new"),
    "membership-review-create": (CHANGE, "membership"),
    "activity-list": (VIEW, "home"),
    "activity-create": (ADD, "new_activity"),
    "activity-detail": (VIEW, "activity"),
    "activity-edit": (CHANGE, "activity"),
    "activity-delete": (DELETE, "activity"),
    "activity-funding-create": (CHANGE, "activity"),
    "activity-funding-delete": (CHANGE, "funding_line"),
    "activity-milestone-create": (CHANGE, "activity"),
    "activity-attachment-create": (CHANGE, "activity"),
    # An internal file (not public) is for those who keep the activity.
    "activity-attachment-download": (CHANGE, "attachment"),
    "training-list": (VIEW, "home"),
    "training-create": (ADD, "new_training"),
    "training-detail": (VIEW, "training"),
    "training-edit": (CHANGE, "training"),
    "training-delete": (DELETE, "training"),
    "resource-list": (VIEW, "home"),
    "resource-create": (ADD, "new_resource"),
    "resource-edit": (CHANGE, "resource"),
    "resource-delete": (DELETE, "resource"),
    "activity-import": (ADD, "new_activity"),
    "activity-import-map": (ADD, "import_session"),
    "activity-import-preview": (ADD, "import_session"),
    "activity-export": (VIEW, "home"),
    "programme-list": (VIEW, "home"),
    "programme-create": ("samverkan.manage_programmes", "home"),
    "programme-detail": (VIEW, "programme"),
    "programme-edit": ("samverkan.manage_programmes", "programme"),
    "programme-delete": ("samverkan.manage_programmes", "programme"),
    "call-list": (VIEW, "home"),
    "call-detail": (VIEW, "call"),
    "call-mark": ("samverkan.mark_call", "call"),
    # Fetching calls (a background job) is importing them: the command's permission.
    "call-fetch": ("samverkan.manage_programmes", "home"),
    "savedsearch-list": (VIEW, "home"),
    "savedsearch-create": (VIEW, "home"),
    "savedsearch-edit": (VIEW, "own_saved_search"),
    "savedsearch-delete": (VIEW, "own_saved_search"),
    "watchprofile-list": (VIEW, "home"),
    "watchprofile-create": ("samverkan.manage_programmes", "home"),
    "watchprofile-edit": ("samverkan.manage_programmes", "watch_profile"),
    "application-list": (VIEW, "home"),
    "application-board": (VIEW, "home"),
    "application-create": (ADD, "new_application"),
    "application-detail": (VIEW, "application"),
    "application-edit": (CHANGE, "application"),
    "application-delete": (DELETE, "application"),
    "application-part-create": (CHANGE, "application_part_new"),
    "application-part-edit": (CHANGE, "application_part"),
    "application-part-delete": (CHANGE, "application_part"),
    "application-document-download": (VIEW, "application_document"),
    "watchitem-list": (VIEW, "home"),
    "watchitem-create": (ADD, "new_watch_item"),
    "watchitem-detail": (VIEW, "watch_item"),
    "watchitem-edit": (CHANGE, "watch_item"),
    "watchitem-delete": (DELETE, "watch_item"),
    "influenceaction-create": (ADD, "watch_item_action_new"),
    "influenceaction-edit": (CHANGE, "influence_action"),
    "influenceaction-delete": (DELETE, "influence_action"),
    "subjectarea-list": (VIEW, "home"),
    "subjectarea-create": ("samverkan.manage_structure", "home"),
    "subjectarea-edit": ("samverkan.manage_structure", "subject_area"),
    "subjectarea-delete": ("samverkan.manage_structure", "subject_area"),
    "account-rounds": ("followup.view_account", "home"),
    "account-board": ("followup.view_account", "round"),
    "account-detail": ("followup.view_account", "account"),
    "account-edit": ("followup.change_account", "account"),
    "account-submit": ("followup.change_account", "account"),
    "account-approve": ("followup.manage_accounts", "account"),
    "account-return": ("followup.manage_accounts", "account"),
    "account-reporter": ("followup.manage_accounts", "account"),
    "account-report": ("followup.view_account", "report_year"),
    "account-report-docx": ("followup.view_account", "report_year"),
    "account-report-pdf": ("followup.view_account", "report_year"),
    "compliance": (VIEW, "home"),
    "compliance-dashboard": (VIEW, "year"),
    "compliance-records": (VIEW, "indicator"),
    "people-list": ("samverkan.manage_users", "home"),
    "people-invite": ("samverkan.manage_users", "home"),
    "people-role": ("samverkan.manage_users", "role_assignment"),
    "people-remove": ("samverkan.manage_users", "role_assignment"),
    "people-deactivate": ("samverkan.manage_users", "role_assignment"),
    "body-list": (VIEW, "home"),
    "body-create": ("samverkan.manage_structure", "home"),
    "body-detail": (VIEW, "body"),
    "body-edit": (CHANGE, "body"),
    "body-delete": ("samverkan.manage_structure", "body"),
    "goal-list": (VIEW, "home"),
    "goal-create": ("samverkan.manage_structure", "home"),
    "goal-detail": (VIEW, "goal"),
    "goal-edit": ("samverkan.manage_structure", "goal"),
    "goal-delete": ("samverkan.manage_structure", "goal"),
}
# Pages whose GET only names the method to use (405): their check is walked by a POST
# without data, for the roles that may not (nothing is changed by an allowed one here).
POST_ONLY = {
    "trash-restore",
    "twintown-review",
    "call-mark",
    "calendar-feed-change",
    "switch-municipality",
    "token-revoke",
    "account-submit",
    "account-reporter",
    "people-remove",
    "people-deactivate",
}
# Rendering the annual report as PDF and DOCX takes seconds: walked as the least of the
# members who may (and as the signed-out and foreign users); the others may by the same row.
HEAVY = {"account-report-pdf", "account-report-docx"}
HEAVY_WALKERS = {ANONYMOUS, "reader", FOREIGN}
PAGE_FLOOR = 150  # pages checked per role; the walk may grow, never shrink below this


# The oracle: the matrix read directly -----------------------------------------------------


def matrix_allows(user, perm, obj) -> bool:
    """What organisation/roles.py grants `user` on `obj`, read from the table itself."""
    if user is None:
        return False
    if perm == SIGNED_IN:
        return True
    if perm == OPERATOR:
        return user.is_superuser
    membership = role_of(user, obj)
    if membership is None:
        return False
    for condition in roles.BY_NAME[perm].conditions(membership.role):
        if condition == roles.ANY:
            return True
        if condition == roles.OWN_COMMITTEE:
            own = {c.pk for c in membership.committees.all()}
            if own & obj.owning_committees():
                return True
        if condition == roles.NAMED_REPORTER and getattr(obj, "reporter_id", None) == user.pk:
            return True
    return False


# The records the pages are about ----------------------------------------------------------


def page_names():
    """(route, name) of every page outside the unprotected prefixes."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern), pattern.name

    return [
        (route, name)
        for route, name in walk(get_resolver().url_patterns)
        if not route.startswith(UNPROTECTED_PREFIXES) and name not in UNPROTECTED
    ]


class Samples:
    """For each sample name: the URL's arguments and the object the matrix is checked on.

    Records are Motala's and, where a committee owns them, the committee editor's own
    committee's; "home" and the "new_…" records are of the walking user's municipality.
    """

    def __init__(self, demo, user):
        from samverkan.activities.models import (
            Activity,
            ActivityAttachment,
            FundingLine,
            Resource,
            Training,
        )
        from samverkan.applications.models import Application, ApplicationAttachment, CoFinancing
        from samverkan.followup.models import AccountRound, YearlyAccount
        from samverkan.funding.models import Call, Programme, SavedSearch, WatchProfile
        from samverkan.history.actions import delete_record
        from samverkan.lib.actions import SYSTEM
        from samverkan.monitoring.models import InfluenceAction, SubjectArea, WatchItem
        from samverkan.organisation.models import RoleAssignment
        from samverkan.policy.models import Indicator, PolicyDocument
        from samverkan.policy.sections import sections_for
        from samverkan.registry.models import (
            Agreement,
            Contact,
            Decision,
            Document,
            NetworkMembership,
            ParticipationEntry,
            Partner,
            TwinTown,
        )

        motala, own = demo.motala, demo.own_committee
        home = demo.vadstena if user is not None and user.username == FOREIGN else motala
        home_committee = own if home == motala else None

        def first(model, **where):
            found = model.objects.filter(municipality=motala, **where).order_by("pk").first()
            assert found is not None, (model.__name__, where)
            return found

        def owned(model, field, **where):
            """A record of the editor's committee: the demo's, or one moved to it."""
            found = model.objects.filter(municipality=motala, **{field: own}, **where).first()
            if found is None:
                found = first(model, **where)
                model.objects.filter(pk=found.pk).update(**{field: own})
                found.refresh_from_db()
            return found

        decision = Decision.objects.create(
            municipality=motala,
            body=own,
            decision_type="other",
            meeting_date=datetime.date(2026, 4, 2),
            registration_number="26/BIN 0777",
            paragraph=777,
            title="Walk decision",
        )
        document = self._file(
            Document, decision=decision, kind="minutes", is_public=False, name="walk.pdf"
        )
        account = owned(YearlyAccount, "body")
        round_ = AccountRound.objects.filter(municipality=home).order_by("-year").first()
        part = first(CoFinancing)
        feed_year = datetime.date.today().year
        deleted_partner = Partner.objects.create(
            municipality=motala, name="Walk trash", kind="region", country="DE"
        )
        deleted = delete_record(deleted_partner, acting_user=SYSTEM)
        saved = None
        if user is not None:
            saved = SavedSearch.objects.create(municipality=home, owner=user, name="Walk search")
        token = None
        if user is not None:
            from samverkan.api.actions import create_token

            token, _raw = create_token(user, name="walk")
        indicator = Indicator.objects.filter(municipality=home).order_by("pk").first()
        activity = first(FundingLine).activity
        Activity.objects.filter(pk=activity.pk).update(committee=own)
        activity.refresh_from_db()
        application = part.application
        Application.objects.filter(pk=application.pk).update(lead_body=own)
        application.refresh_from_db()
        watch_item = first(InfluenceAction).watch_item
        WatchItem.objects.filter(pk=watch_item.pk).update(committee=own)
        watch_item.refresh_from_db()
        agreement = first(Agreement)
        membership = first(NetworkMembership)
        self.samples = {
            "home": ({}, home),
            "section": ({"key": sections_for(home)[0][0]}, home),
            "year": ({"year": feed_year}, home),
            "report_year": ({"year": round_.year if round_ else feed_year}, home),
            # None: the user's municipality has none (no round opened, no indicators).
            "round": ({"year": round_.year if round_ else feed_year}, round_),
            "indicator": (
                {"year": feed_year, "key": indicator.key if indicator else "none"},
                home if indicator else None,
            ),
            "own_token": ({"pk": token.pk if token else 1}, home),
            "own_saved_search": ({"pk": saved.pk if saved else 1}, saved or home),
            "no_job": ({"pk": uuid.uuid4()}, None),
            "import_session": ({"token": uuid.uuid4().hex}, Activity(municipality=home)),
            "policy": ({"pk": first(PolicyDocument).pk}, first(PolicyDocument)),
            "deleted": ({"pk": deleted.pk}, deleted),
            "partner": ({"pk": first(Partner).pk}, first(Partner)),
            "contact": ({"pk": first(Contact).pk}, first(Contact)),
            "decision": ({"pk": decision.pk}, decision),
            "decision_documents": ({"parent": "decision", "pk": decision.pk}, decision),
            "confidential_document": ({"pk": document.pk}, document.parent),
            "agreement": ({"pk": agreement.pk}, agreement),
            "agreement_log": ({"kind": "agreement", "pk": agreement.pk}, agreement),
            "twin_town": ({"pk": first(TwinTown).pk}, first(TwinTown)),
            "membership": ({"pk": membership.pk}, membership),
            # A committee editor logs participation for their own committee if it takes part.
            "participation_new": (
                {"pk": membership.pk},
                ParticipationEntry(
                    municipality=motala,
                    membership=membership,
                    committee=own
                    if membership.participating_committees.filter(pk=own.pk).exists()
                    else None,
                ),
            ),
            "activity": ({"pk": activity.pk}, activity),
            "funding_line": (
                {"pk": first(FundingLine, activity=activity).pk},
                first(FundingLine, activity=activity),
            ),
            "attachment": (
                {"pk": self._file(ActivityAttachment, activity=activity, name="a.pdf").pk},
                activity,
            ),
            "training": ({"pk": first(Training).pk}, first(Training)),
            "resource": ({"pk": first(Resource).pk}, first(Resource)),
            "programme": ({"pk": first(Programme).pk}, first(Programme)),
            "call": ({"pk": first(Call).pk}, first(Call)),
            "watch_profile": ({"pk": first(WatchProfile).pk}, first(WatchProfile)),
            "application": ({"pk": application.pk}, application),
            "application_part_new": ({"pk": application.pk, "kind": "co-financing"}, application),
            "application_part": ({"kind": "co-financing", "pk": part.pk}, part),
            "application_document": (
                {"pk": self._file(ApplicationAttachment, application=application, name="b.pdf").pk},
                application,
            ),
            "watch_item": ({"pk": watch_item.pk}, watch_item),
            "watch_item_action_new": (
                {"pk": watch_item.pk},
                InfluenceAction(municipality=motala, watch_item=watch_item),
            ),
            "influence_action": (
                {"pk": first(InfluenceAction, watch_item=watch_item).pk},
                first(InfluenceAction, watch_item=watch_item),
            ),
            "subject_area": ({"pk": first(SubjectArea).pk}, first(SubjectArea)),
            "account": ({"pk": account.pk}, account),
            "role_assignment": (
                {"pk": RoleAssignment.objects.get(user=demo.users["reader"]).pk},
                motala,
            ),
            "body": ({"pk": own.pk}, own),
            "goal": ({"pk": demo.motala_goal.pk}, demo.motala_goal),
            # What a create page makes: the user's municipality, the editor's committee.
            "new_partner": ({}, Partner(municipality=home)),
            "new_decision": ({}, Decision(municipality=home, body=home_committee)),
            "new_twin_town": ({}, TwinTown(municipality=home)),
            "new_agreement": ({}, Agreement(municipality=home)),
            "new_membership": ({}, NetworkMembership(municipality=home)),
            "new_activity": ({}, Activity(municipality=home, committee=home_committee)),
            "new_training": ({}, Training(municipality=home, committee=home_committee)),
            "new_resource": ({}, Resource(municipality=home, body=home_committee)),
            "new_application": ({}, Application(municipality=home, lead_body=home_committee)),
            "new_watch_item": ({}, WatchItem(municipality=home, committee=home_committee)),
        }
        # Motala records whose names must never reach another municipality's user.
        self.motala_marks = [decision.title, "Walk trash", str(activity), str(agreement)]

    @staticmethod
    def _file(model, *, name, **values):
        """A stored PDF on a record (MEDIA_ROOT is the test's own folder)."""
        from django.core.files.base import ContentFile

        from samverkan.registry.demo import minimal_pdf

        parent = next(iter(values.values()))
        content = minimal_pdf("Walk")
        return model.objects.create(
            municipality_id=parent.municipality_id,
            title=f"Walk {name}",
            file=ContentFile(content, name=name),
            original_name=name,
            content_type="application/pdf",
            size=len(content),
            **values,
        )

    def __getitem__(self, name):
        return self.samples[name]


# The pages --------------------------------------------------------------------------------


def test_every_protected_page_has_a_line_in_the_walk():
    names = {name for _route, name in page_names()}
    assert names - set(PAGES) == set(), "pages without a line in PAGES"
    assert set(PAGES) - names == set(), "lines in PAGES for pages that are gone"
    assert len(names) >= PAGE_FLOOR


def _sign_in(client, demo, username):
    if username is None:
        return None
    user = demo.users[username]
    client.force_login(user)
    return user


@pytest.mark.parametrize("username", CAST, ids=[name or "anonymous" for name in CAST])
def test_every_page_answers_as_the_matrix_says(client, demo, username, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = _sign_in(client, demo, username)
    samples = Samples(demo, user)
    walked, wrong = 0, []
    for _route, name in page_names():
        perm, sample = PAGES[name]
        kwargs, obj = samples[sample]
        walked += 1
        if name in HEAVY and username not in HEAVY_WALKERS:
            assert matrix_allows(user, perm, obj) is matrix_allows(demo.users["reader"], perm, obj)
            continue
        url = reverse(name, kwargs=kwargs)
        response = client.get(url)
        status = response.status_code
        if username is None:
            # Signed out: every protected page sends to the sign-in page.
            if not (status == 302 and reverse("login") in response["Location"]):
                wrong.append((name, status, "sign-in redirect"))
            continue
        if status >= 500:
            wrong.append((name, status, "server error"))
            continue
        foreign_record = username == FOREIGN and kwargs and sample != "home"
        if obj is None or (
            foreign_record and getattr(obj, "municipality_id", None) == demo.motala.pk
        ):
            expected = "404"
        else:
            expected = "allowed" if matrix_allows(user, perm, obj) else "forbidden"
        if name in POST_ONLY:
            if expected == "allowed":
                ok = status == 405
            else:
                post = client.post(url, {})
                status = post.status_code
                ok = status in ({404} if expected == "404" else {403, 404})
        elif expected == "allowed":
            # An import session the walk did not start: none to show, for those who may.
            ok = 200 <= status < 400 or (sample == "import_session" and status == 404)
        elif expected == "404":
            ok = status == 404
        else:
            ok = status in (403, 404)
        if not ok:
            wrong.append((name, status, expected))
        if (
            username == FOREIGN
            and status == 200
            and response.get("Content-Type", "").startswith("text/html")
        ):
            html = response.content.decode()
            leaked = [mark for mark in samples.motala_marks if mark in html]
            if leaked:
                wrong.append((name, status, f"shows Motala's {leaked}"))
    assert walked >= PAGE_FLOOR
    assert wrong == [], "\n".join(map(str, wrong))


# The API ----------------------------------------------------------------------------------

API = "/api/v1"
PUBLIC_API = re.compile(r"^/api/v1/(public/|municipalities)")

# Path template -> (permission, sample) for every GET of the API.
API_READS = {
    "/api/v1/bodies": (VIEW, "home"),
    "/api/v1/bodies/{body_id}": (VIEW, "body"),
    "/api/v1/goals": (VIEW, "home"),
    "/api/v1/goals/{goal_id}": (VIEW, "goal"),
    "/api/v1/partners": (VIEW, "home"),
    "/api/v1/partners/{partner_id}": (VIEW, "partner"),
    "/api/v1/contacts": ("samverkan.view_personal_data", "home"),
    "/api/v1/contacts/{contact_id}": ("samverkan.view_personal_data", "contact"),
    "/api/v1/contacts/{contact_id}/export": ("samverkan.manage_personal_data", "contact"),
    "/api/v1/rule-violations": (VIEW, "home"),
    "/api/v1/decisions": (VIEW, "home"),
    "/api/v1/decisions/{decision_id}": (VIEW, "decision"),
    "/api/v1/twin-towns": (VIEW, "home"),
    "/api/v1/twin-towns/{twin_town_id}": (VIEW, "twin_town"),
    "/api/v1/agreements": (VIEW, "home"),
    "/api/v1/agreements/{agreement_id}": (VIEW, "agreement"),
    "/api/v1/memberships": (VIEW, "home"),
    "/api/v1/memberships/{membership_id}": (VIEW, "membership"),
    "/api/v1/documents/{document_id}/file": (
        "samverkan.view_confidential",
        "confidential_document",
    ),
    "/api/v1/decisions/{item_id}/control-log": (VIEW, "decision"),
    "/api/v1/agreements/{item_id}/control-log": (VIEW, "agreement"),
    "/api/v1/twin-towns/{item_id}/control-log": (VIEW, "twin_town"),
    "/api/v1/memberships/{item_id}/control-log": (VIEW, "membership"),
    "/api/v1/partners/{item_id}/control-log": (VIEW, "partner"),
    "/api/v1/activities": (VIEW, "home"),
    "/api/v1/activities/totals": (VIEW, "home"),
    "/api/v1/activities/{activity_id}": (VIEW, "activity"),
    "/api/v1/trainings": (VIEW, "home"),
    "/api/v1/trainings/{training_id}": (VIEW, "training"),
    "/api/v1/resources": (VIEW, "home"),
    "/api/v1/resources/{resource_id}": (VIEW, "resource"),
    "/api/v1/programmes": (VIEW, "home"),
    "/api/v1/programmes/{programme_id}": (VIEW, "programme"),
    "/api/v1/calls": (VIEW, "home"),
    "/api/v1/calls/{call_id}": (VIEW, "call"),
    "/api/v1/applications": (VIEW, "home"),
    "/api/v1/applications/totals": (VIEW, "home"),
    "/api/v1/applications/{application_id}": (VIEW, "application"),
    "/api/v1/applications/documents/{record_id}/file": (VIEW, "application_document"),
    "/api/v1/watch-items": (VIEW, "home"),
    "/api/v1/watch-items/{item_id}": (VIEW, "watch_item"),
    "/api/v1/watch-items/{item_id}/influence-actions": (VIEW, "watch_item"),
    "/api/v1/watch-items/{item_id}/influence-actions/{action_id}": (VIEW, "influence_action"),
    "/api/v1/accounts": ("followup.view_account", "home"),
    "/api/v1/accounts/{account_id}": ("followup.view_account", "account"),
    "/api/v1/compliance/{year}": (VIEW, "year"),
    "/api/v1/reports/{year}": ("followup.view_account", "year"),
}
API_FLOOR = 45  # GET operations walked per role


def _openapi(client):
    return client.get(f"{API}/openapi.json").json()


def _fill(path, kwargs, samples):
    """The path with its parameters: the sample's pk for the last one, the parent's for
    an influence action's watch item."""
    if "{action_id}" in path:
        watch_item_pk = samples["watch_item"][0]["pk"]
        return path.replace("{item_id}", str(watch_item_pk)).replace(
            "{action_id}", str(kwargs["pk"])
        )
    if "{year}" in path:
        return path.replace("{year}", str(kwargs["year"]))
    return re.sub(r"\{[a-z_]+\}", str(kwargs.get("pk", "")), path)


def test_every_api_read_has_a_line_in_the_walk(client, db):
    reads = {
        path
        for path, operations in _openapi(client)["paths"].items()
        if "get" in operations and not PUBLIC_API.match(path)
    }
    assert reads - set(API_READS) == set(), "API reads without a line in API_READS"
    assert set(API_READS) - reads == set(), "lines in API_READS for reads that are gone"


@pytest.mark.parametrize("username", CAST, ids=[name or "anonymous" for name in CAST])
def test_every_api_read_answers_as_the_matrix_says(client, demo, username, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = _sign_in(client, demo, username)
    samples = Samples(demo, user)
    wrong, walked = [], 0
    for path, operations in _openapi(client)["paths"].items():
        if "get" not in operations or PUBLIC_API.match(path):
            continue
        perm, sample = API_READS[path]
        kwargs, obj = samples[sample]
        response = client.get(_fill(path, kwargs, samples))
        walked += 1
        status = response.status_code
        if username is None:
            ok = status == 401
            expected = "401"
        elif status >= 500:
            ok, expected = False, "no server error"
        elif username == FOREIGN and "{" in path and "{year}" not in path:
            ok, expected = status == 404, "404"
        elif matrix_allows(user, perm, obj):
            ok, expected = 200 <= status < 300, "allowed"
        else:
            ok, expected = status in (403, 404), "forbidden"
        if ok and username == FOREIGN and status == 200:
            leaked = [mark for mark in samples.motala_marks if mark in response.content.decode()]
            ok, expected = not leaked, f"no trace of {leaked}"
        if not ok:
            wrong.append((path, status, expected))
    assert walked >= API_FLOOR
    assert wrong == [], "\n".join(map(str, wrong))


# Writes through the API: create, change and delete each kind of record -------------------

# Collection -> (the permission to create, change and delete, whom it is refused to).
API_WRITES = {
    "/bodies": ("samverkan.manage_structure", "editor"),
    "/goals": ("samverkan.manage_structure", "registrar"),
    "/partners": (ADD, "reader"),
    "/contacts": ("samverkan.change_personal_data", "editor"),
    "/decisions": ("samverkan.record_decision", "reader"),
    "/twin-towns": (ADD, "registrar"),
    "/agreements": (ADD, "reader"),
    "/memberships": (ADD, "registrar"),
    "/activities": (ADD, "reader"),
    "/trainings": (ADD, "registrar"),
    "/resources": (ADD, "reader"),
    "/programmes": ("samverkan.manage_programmes", "editor"),
    "/applications": (ADD, "reader"),
    "/watch-items": (ADD, "registrar"),
}
ALLOWED_WRITER = "coordinator"
# Values that must differ in a copy: names and numbers that are unique.
UNIQUE_TEXT = ("name", "title", "external_id", "abbreviation")


def _copy_for_create(record: dict, schema: dict, components: dict, tag: str) -> dict:
    properties = _properties(schema, components)
    values = {name: record[name] for name in properties if name in record and name != "version"}
    for name in UNIQUE_TEXT:
        if isinstance(values.get(name), str) and values[name]:
            values[name] = f"{values[name][:150]} {tag}"
    if values.get("code"):
        values["code"] = f"{values['code']}-{tag}"  # a slug
    if values.get("registration_number"):
        # The municipality's own form of number, with a serial no other decision has.
        values["registration_number"] = re.sub(
            r"\d+$", f"{9000 + len(tag)}", values["registration_number"]
        )
    if "paragraph" in values:
        values["paragraph"] = 900 + len(tag)
    if isinstance(values.get("year"), int):
        values["year"] = 2001 + len(tag)  # one resource per body and year
    return values


def _properties(schema, components):
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema.get("properties", {})


def _request_schema(operation):
    content = operation["requestBody"]["content"]
    return next(iter(content.values()))["schema"]


@pytest.mark.parametrize("collection", list(API_WRITES))
def test_api_writes_follow_the_matrix(client, demo, call_as, caller, collection):
    perm, refused = API_WRITES[collection]
    document = _openapi(client)
    components = document["components"]["schemas"]
    paths = document["paths"]
    item_path = next(
        path
        for path in paths
        if path.startswith(API + collection + "/{")
        and path.count("{") == 1
        and "put" in paths[path]
    )
    # The matrix: the writer has the permission in Motala, the refused role has not.
    grants = roles.BY_NAME[perm].conditions
    assert roles.ANY in grants(role_of(demo.users[ALLOWED_WRITER], demo.motala).role)
    assert roles.ANY not in grants(role_of(demo.users[refused], demo.motala).role)

    admin = call_as("admin", via="token")
    listed = admin.get(collection).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    source = admin.get(f"{collection}/{items[0]['id']}").json()
    create = _copy_for_create(
        source, _request_schema(paths[API + collection]["post"]), components, "walk"
    )

    writer = call_as(ALLOWED_WRITER, via="token")
    blocked = call_as(refused, via="token")
    foreign = call_as(FOREIGN, via="token")

    assert blocked.post(collection, create).status_code == 403
    made = writer.post(collection, create)
    assert made.status_code == 201, made.content[:500]
    new = made.json()
    item = f"{collection}/{new['id']}"
    update = {
        **_copy_for_create(new, _request_schema(paths[item_path]["put"]), components, "walk2"),
        "version": new["version"],
    }
    assert blocked.put(item, update).status_code in (403, 404)
    assert foreign.put(item, update).status_code == 404
    changed = writer.put(item, update)
    assert changed.status_code == 200, changed.content[:500]
    assert blocked.delete(item).status_code in (403, 404)
    assert foreign.delete(item).status_code == 404
    assert admin.get(item).status_code == 200
    assert writer.delete(item).status_code == 204
    assert admin.get(item).status_code == 404
