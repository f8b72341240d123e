"""Every change in the funding app, each in one named function: pages, the API, the
commands and the demo call these, none saves a record itself.

Calls are written in bulk by the importer (`import_calls`): thousands of rows a day that
keep no history by design (the portal is their source); everything else is checked,
written in one transaction and leaves its history row.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.history.actions import trash
from samverkan.lib.actions import (
    SYSTEM,
    RuleViolation,
    apply_values,
    authorize,
    check_rules,
    save_changes,
    save_new,
    stamp,
)

from . import importer
from .catalogue import read_catalogue
from .matching import score_calls
from .models import CallMark, Programme, SavedSearch, WatchProfile

MARK_ACTIONS = ("follow", "dismiss", "clear")
MANAGE = "samverkan.manage_programmes"


def _own_municipality(record, names) -> None:
    errors = []
    for name in names:
        linked = getattr(record, name, None)
        if linked is not None and linked.municipality_id != record.municipality_id:
            errors.append((name, _("Choose one of your own municipality's.")))
    if errors:
        raise RuleViolation(errors=errors)


# Calls ---------------------------------------------------------------------------------


@transaction.atomic
def mark_call(call, action: str, *, acting_user) -> CallMark | None:
    """Follow or dismiss a call for its municipality (clear undoes either)."""
    authorize(acting_user, "samverkan.mark_call", call)
    if action not in MARK_ACTIONS:
        raise RuleViolation(_("Unknown action."), "action")
    mark = CallMark.objects.select_for_update().filter(call=call).first()
    if action == "clear":
        if mark is not None:
            stamp(mark, acting_user)
            mark.delete()
        return None
    kind = CallMark.Kind.FOLLOWED if action == "follow" else CallMark.Kind.DISMISSED
    if mark is None:
        mark = CallMark(municipality_id=call.municipality_id, call=call)
    mark.kind, mark.marked_at = kind, timezone.now()
    mark.marked_by = None if acting_user is SYSTEM else acting_user
    stamp(mark, acting_user)
    mark.save()
    return mark


def mark_message(action: str, call) -> str:
    messages = {
        "follow": _("You follow %(call)s: its deadlines appear in the reminders."),
        "dismiss": _("%(call)s was dismissed and is hidden from the list."),
        "clear": _("%(call)s is neither followed nor dismissed now."),
    }
    return messages[action] % {"call": call}


def import_calls(municipality, records: dict, *, acting_user=SYSTEM, now=None):
    """Create or update the municipality's calls from the importer's clean records.

    Bulk writes in one transaction (importer.write_calls), scored as they are written;
    calls keep no history by design. Returns the importer's WriteResult.
    """
    authorize(acting_user, MANAGE, municipality)
    return importer.write_calls(municipality, records, now=now)


def rescore(municipality) -> int:
    """Score all calls again, e.g. after a watch profile changed (bulk, no history)."""
    return score_calls(municipality)


# Programmes ----------------------------------------------------------------------------


def _check_programme(programme) -> None:
    check_rules(programme, exclude=["municipality"])
    start, end = programme.period_start_year, programme.period_end_year
    if start and end and end < start:
        raise RuleViolation(_("The period cannot end before it starts."), "period_end_year")
    same = Programme.objects.filter(
        municipality_id=programme.municipality_id, code=programme.code
    ).exclude(pk=programme.pk)
    if same.exists():
        raise RuleViolation(_("Another programme has this code."), "code")


@transaction.atomic
def create_programme(values: dict, *, municipality, acting_user) -> Programme:
    programme = Programme(municipality=municipality)
    apply_values(programme, values)
    authorize(acting_user, MANAGE, programme)
    _check_programme(programme)
    return save_new(
        programme,
        acting_user=acting_user,
        perm=None,
        on_integrity_error=_("Another programme has this code."),
    )


@transaction.atomic
def update_programme(programme, values: dict, *, expected_version, acting_user) -> Programme:
    authorize(acting_user, MANAGE, programme)
    fields, _m2m = apply_values(programme, values)
    _check_programme(programme)
    return save_changes(
        programme,
        fields,
        expected_version=expected_version,
        acting_user=acting_user,
        perm=None,
        on_integrity_error=_("Another programme has this code."),
    )


def delete_programme(programme, *, acting_user):
    """To the trash (restorable); its calls and applications keep their text."""
    return trash(programme, acting_user=acting_user, perm=MANAGE)


@transaction.atomic
def load_programmes(municipality, *, acting_user=SYSTEM) -> dict:
    """Create the catalogue's programmes the municipality lacks; keep the ones it has.

    A coordinator may have edited a programme: loading again never overwrites it.
    Returns counts {"created": n, "unchanged": m}.
    """
    authorize(acting_user, MANAGE, municipality)
    existing = set(Programme.objects.for_municipality(municipality).values_list("code", flat=True))
    created = 0
    for row in read_catalogue():
        if row["code"] in existing:
            continue
        create_programme(row, municipality=municipality, acting_user=acting_user)
        created += 1
    return {"created": created, "unchanged": len(existing)}


# Watch profiles ------------------------------------------------------------------------


def _check_profile(profile) -> None:
    check_rules(profile, exclude=["municipality"])
    _own_municipality(profile, ["goal"])
    if not profile.keywords:
        raise RuleViolation(_("Give at least one keyword."), "keywords")


@transaction.atomic
def create_watch_profile(values: dict, *, municipality, acting_user) -> WatchProfile:
    """A new watch profile; every call is scored again with it."""
    profile = WatchProfile(municipality=municipality)
    apply_values(profile, values)
    authorize(acting_user, MANAGE, profile)
    _check_profile(profile)
    save_new(profile, acting_user=acting_user, perm=None)
    rescore(municipality)
    return profile


@transaction.atomic
def update_watch_profile(profile, values: dict, *, expected_version, acting_user) -> WatchProfile:
    """Change a watch profile; every call is scored again."""
    authorize(acting_user, MANAGE, profile)
    fields, _m2m = apply_values(profile, values)
    _check_profile(profile)
    save_changes(
        profile, fields, expected_version=expected_version, acting_user=acting_user, perm=None
    )
    rescore(profile.municipality)
    return profile


# Saved searches ------------------------------------------------------------------------


def _check_search(search, m2m: dict) -> None:
    check_rules(search, exclude=["municipality", "owner"])
    programmes = m2m.get("programmes")
    if programmes is None:
        programmes = list(search.programmes.all()) if search.pk else []
    if any(p.municipality_id != search.municipality_id for p in programmes):
        raise RuleViolation(_("Choose one of your own municipality's."), "programmes")
    if not ((search.words or "").strip() or programmes or search.subject_areas):
        raise RuleViolation(
            _("Give words, programmes or subject areas: an empty search finds everything.")
        )


def _authorize_owner(search, acting_user) -> None:
    # A saved search is its owner's alone (any member may keep their own).
    authorize(acting_user, "samverkan.view_record", search)
    if acting_user is not SYSTEM and search.owner_id != acting_user.pk:
        raise PermissionDenied


@transaction.atomic
def create_saved_search(values: dict, *, municipality, owner, acting_user) -> SavedSearch:
    search = SavedSearch(municipality=municipality, owner=owner)
    _fields, m2m = apply_values(search, values)
    _authorize_owner(search, acting_user)
    _check_search(search, m2m)
    return save_new(search, acting_user=acting_user, perm=None, m2m=m2m)


@transaction.atomic
def update_saved_search(search, values: dict, *, expected_version, acting_user) -> SavedSearch:
    _authorize_owner(search, acting_user)
    fields, m2m = apply_values(search, values)
    _check_search(search, m2m)
    return save_changes(
        search,
        fields,
        expected_version=expected_version,
        acting_user=acting_user,
        perm=None,
        m2m=m2m,
    )


def note_search_reported(search, moment, *, acting_user=SYSTEM) -> None:
    """The reminders reported the search's new calls up to `moment` (the next digest reports
    only newer ones). Bookkeeping of the server: the version stays, so an owner editing the
    search at the same time is not told of a conflict that is none."""
    search.last_reported_at = moment
    stamp(search, acting_user)
    search.save(update_fields=["last_reported_at"])


def delete_saved_search(search, *, acting_user):
    _authorize_owner(search, acting_user)
    return trash(search, acting_user=acting_user, perm=None)
