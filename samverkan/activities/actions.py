"""Every change of activities, trainings and resources: one named function each (lib.actions).

Pages, the API, the spreadsheet import, the import command and the demo call these;
none saves a record itself. Each checks the acting user's right (a committee editor
only their own committees' records, judged on the record as it will be), the rules,
the version the editor opened, writes in one transaction with its history row, and
keeps the activity's derived figures (EU priority, external funding in SEK) in step
with its countries and funding lines.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from samverkan.history.actions import trash
from samverkan.lib.actions import (
    RuleViolation,
    apply_values,
    authorize,
    check_rules,
    history_user,
    save_changes,
    save_new,
)
from samverkan.organisation.models import Body, RoleAssignment
from samverkan.registry.files import check_upload

from .models import (
    Activity,
    ActivityAttachment,
    ActivityCountry,
    FundingLine,
    Milestone,
    Resource,
    Training,
)

ADD, CHANGE, DELETE = "samverkan.add_record", "samverkan.change_record", "samverkan.delete_record"
BULK_BATCH = 500  # rows per INSERT of a bulk import


# Activities ----------------------------------------------------------------------------


def external_id_message(external_id: str) -> str:
    return _("Another activity already has the external id %(id)s.") % {"id": external_id}


def _check_relations(record, m2m: dict) -> None:
    """Every record an activity links to is of its own municipality."""
    for name, chosen in m2m.items():
        if any(other.municipality_id != record.municipality_id for other in chosen):
            raise RuleViolation(_("Choose only records of your own municipality."), name)


def check_activity_rules(activity: Activity, m2m: dict | None = None) -> None:
    """The rules of an activity whose fields were parsed (a form, the import's form):
    its period, committee and parent project (Activity.clean), then
    `check_activity_links`."""
    if not activity.committee_id:
        raise RuleViolation(_("Choose the responsible committee."), "committee")
    try:
        activity.clean()
    except ValidationError as error:
        raise RuleViolation.from_validation_error(error) from None
    check_activity_links(activity, m2m)


def check_activity_links(activity: Activity, m2m: dict | None = None) -> None:
    """What a form cannot know: a parent and links of the activity's own municipality,
    and an external id no other activity has (the import checks this for each row after
    its form, which ran Activity.clean already)."""
    if activity.parent_id and activity.parent.municipality_id != activity.municipality_id:
        raise RuleViolation(_("Choose only records of your own municipality."), "parent")
    _check_relations(activity, m2m or {})
    activity.external_id = (activity.external_id or "").strip()
    if activity.external_id:
        clash = Activity.objects.filter(
            municipality_id=activity.municipality_id, external_id=activity.external_id
        ).exclude(pk=activity.pk)
        if clash.exists():
            raise RuleViolation(external_id_message(activity.external_id), "external_id")


def _check_activity(activity: Activity, m2m: dict) -> None:
    # Field checks (amounts not negative, progress up to 100) for callers without a form;
    # the relations are checked by municipality below, without a query each.
    check_rules(activity, exclude=["municipality", "committee", "parent"])
    check_activity_rules(activity, m2m)


@transaction.atomic
def set_activity_countries(activity: Activity, codes, *, acting_user) -> None:
    """Make the activity's countries `codes` (ISO codes); its EU priority follows."""
    authorize(acting_user, CHANGE, activity)
    activity._history_user = history_user(acting_user)
    _save_countries(activity, codes)


def _save_countries(activity: Activity, codes) -> None:
    """Make the activity's country rows match `codes`, then refresh its derived figures."""
    wanted = {str(code).upper() for code in codes}
    current = {row.country.code: row for row in activity.countries.all()}
    for code, row in current.items():
        if code not in wanted:
            row._history_user = getattr(activity, "_history_user", None)
            row.delete()
    for code in sorted(wanted - set(current)):
        row = ActivityCountry(
            municipality_id=activity.municipality_id, activity=activity, country=code
        )
        row._history_user = getattr(activity, "_history_user", None)
        row.save()
    activity.refresh_derived()


def _unique_external_id(write, activity):
    """Run `write()`; two saves of the same external id at once are a rule, not a 500."""
    try:
        return write()
    except IntegrityError:
        raise RuleViolation(external_id_message(activity.external_id), "external_id") from None


def create_activity(municipality, values: dict, *, acting_user) -> Activity:
    """A new activity with its countries (`values["countries"]`, ISO codes) and links."""
    values = dict(values)
    codes = values.pop("countries", [])
    activity = Activity(municipality=municipality)
    _fields, m2m = apply_values(activity, values)
    # The record as it will be decides: a committee editor adds their committees' only.
    authorize(acting_user, ADD, activity)
    _check_activity(activity, m2m)

    @transaction.atomic
    def write():
        save_new(activity, acting_user=acting_user, perm=None, m2m=m2m)
        _save_countries(activity, codes)
        return activity

    return _unique_external_id(write, activity)


def update_activity(
    activity: Activity, values: dict, *, expected_version: int | None, acting_user
) -> Activity:
    """Change an activity; its EU priority follows new countries or a new start date."""
    authorize(acting_user, CHANGE, activity)
    values = dict(values)
    codes = values.pop("countries", None)
    fields, m2m = apply_values(activity, values)
    _check_activity(activity, m2m)

    @transaction.atomic
    def write():
        save_changes(
            activity, fields, expected_version=expected_version, acting_user=acting_user, m2m=m2m
        )
        if codes is not None:
            _save_countries(activity, codes)
        elif "start_date" in fields:
            activity.refresh_derived()  # EU membership is by date
        return activity

    return _unique_external_id(write, activity)


def delete_activity(activity: Activity, *, acting_user):
    """To the trash, with its countries, funding, milestones and files (restorable; the
    restored activity brings back its own stored EU priority and external funding)."""
    return trash(activity, acting_user=acting_user, perm=DELETE)


@transaction.atomic
def import_new_activities(rows: list[tuple[Activity, list[str]]], *, acting_user) -> None:
    """New activities of a spreadsheet, each with its country codes, written in batches.

    One by one a 10,000-row file would take minutes (history reads every many-to-many
    table after each save, though a new row has none), so the rows go in with
    bulk_create and their history rows alike; the import sends here only rows without
    partners. Their fields were parsed by the import's form; the right and the rules
    are checked here for every row, as for one activity.
    """
    instances = []
    for activity, codes in rows:
        authorize(acting_user, ADD, activity)
        check_activity_rules(activity)
        # The model's own rule, with the countries about to be written and no funding yet.
        activity.eu_priority = activity.compute_eu_priority(country_codes=codes, funding_sources=[])
        instances.append(activity)
    if not instances:
        return
    user = history_user(acting_user)
    bulk_create_with_history(instances, Activity, batch_size=BULK_BATCH, default_user=user)
    if any(activity.pk is None for activity in instances):  # a database without RETURNING
        raise IntegrityError("the new activities' ids were not returned")
    country_rows = [
        ActivityCountry(
            municipality_id=activity.municipality_id, activity=activity, country=str(code).upper()
        )
        for activity, codes in rows
        for code in sorted(set(codes))
    ]
    bulk_create_with_history(
        country_rows, ActivityCountry, batch_size=BULK_BATCH, default_user=user
    )


# An activity's funding, milestones and files ---------------------------------------------


@transaction.atomic
def add_funding_line(activity: Activity, values: dict, *, acting_user) -> FundingLine:
    """A source of money; its amount in SEK, and the activity's external funding and EU
    priority (an EU programme makes one), follow."""
    authorize(acting_user, CHANGE, activity)
    line = FundingLine(municipality_id=activity.municipality_id, activity=activity)
    apply_values(line, values)
    check_rules(line, exclude=["municipality", "activity"])
    line._written_by_action = True  # the figures follow below, not in the restore receiver
    save_new(line, acting_user=acting_user, perm=None)
    activity.refresh_derived()
    return line


@transaction.atomic
def delete_funding_line(line: FundingLine, *, acting_user):
    """To the trash; the activity's external funding and EU priority follow."""
    activity = line.activity
    authorize(acting_user, CHANGE, activity)
    entry = trash(line, acting_user=acting_user, perm=None)
    activity.refresh_derived()
    return entry


@transaction.atomic
def add_milestone(activity: Activity, values: dict, *, acting_user) -> Milestone:
    authorize(acting_user, CHANGE, activity)
    milestone = Milestone(municipality_id=activity.municipality_id, activity=activity)
    apply_values(milestone, values)
    check_rules(milestone, exclude=["municipality", "activity"])
    return save_new(milestone, acting_user=acting_user, perm=None)


@transaction.atomic
def add_attachment(activity: Activity, values: dict, *, acting_user) -> ActivityAttachment:
    """A file on an activity; its type is read from its content and its size checked."""
    authorize(acting_user, CHANGE, activity)
    attachment = ActivityAttachment(municipality_id=activity.municipality_id, activity=activity)
    upload = values.get("file")
    if not upload:
        raise RuleViolation(_("Choose a file to upload."), "file")
    try:
        attachment.content_type = check_upload(upload)
    except ValidationError as error:
        raise RuleViolation(error.messages[0], "file") from None
    apply_values(attachment, values)
    attachment.original_name = upload.name.rsplit("/", 1)[-1][:255]
    attachment.size = upload.size
    check_rules(attachment, exclude=["municipality", "activity"])
    return save_new(attachment, acting_user=acting_user, perm=None)


# Trainings -----------------------------------------------------------------------------


def _check_training(training: Training, m2m: dict) -> None:
    check_rules(training, exclude=["municipality", "committee"])
    people = [user.pk for user in m2m.get("named_participants") or []]
    if people:
        members = RoleAssignment.objects.filter(
            municipality_id=training.municipality_id, user_id__in=people
        ).values_list("user_id", flat=True)
        if set(people) - set(members):
            raise RuleViolation(
                _("Name only people with a role in your municipality."), "named_participants"
            )
    if training.committee_id and training.committee.municipality_id != training.municipality_id:
        raise RuleViolation(_("Choose only records of your own municipality."), "committee")


def create_training(municipality, values: dict, *, acting_user) -> Training:
    training = Training(municipality=municipality)
    _fields, m2m = apply_values(training, values)
    authorize(acting_user, ADD, training)
    _check_training(training, m2m)
    return save_new(training, acting_user=acting_user, perm=None, m2m=m2m)


def update_training(
    training: Training, values: dict, *, expected_version: int | None, acting_user
) -> Training:
    authorize(acting_user, CHANGE, training)
    fields, m2m = apply_values(training, values)
    _check_training(training, m2m)
    return save_changes(
        training, fields, expected_version=expected_version, acting_user=acting_user, m2m=m2m
    )


def delete_training(training: Training, *, acting_user):
    return trash(training, acting_user=acting_user, perm=DELETE)


# Resources -----------------------------------------------------------------------------


def year_taken_message(year) -> str:
    return _("Resources for this body and %(year)s are already recorded.") % {"year": year}


def _check_resource(resource: Resource) -> None:
    check_rules(resource, exclude=["municipality", "body"])
    if not resource.body_id:
        raise RuleViolation(_("Choose the executive board or a committee."), "body")
    if resource.body.municipality_id != resource.municipality_id:
        raise RuleViolation(_("Choose only records of your own municipality."), "body")
    if resource.body.kind == Body.Kind.COUNCIL:
        # The council (KF) sets no budget of its own for international work.
        raise RuleViolation(_("Choose the executive board or a committee."), "body")
    taken = Resource.objects.filter(body_id=resource.body_id, year=resource.year).exclude(
        pk=resource.pk
    )
    if taken.exists():
        raise RuleViolation(year_taken_message(resource.year), "year")


def _unique_year(write, resource):
    # Two requests adding the same body and year at once: the second is told, not a 500.
    try:
        return write()
    except IntegrityError:
        raise RuleViolation(year_taken_message(resource.year), "year") from None


def create_resource(municipality, values: dict, *, acting_user) -> Resource:
    resource = Resource(municipality=municipality)
    apply_values(resource, values)
    authorize(acting_user, ADD, resource)
    _check_resource(resource)
    return _unique_year(lambda: save_new(resource, acting_user=acting_user, perm=None), resource)


def update_resource(
    resource: Resource, values: dict, *, expected_version: int | None, acting_user
) -> Resource:
    authorize(acting_user, CHANGE, resource)
    fields, _m2m = apply_values(resource, values)
    _check_resource(resource)
    return _unique_year(
        lambda: save_changes(
            resource, fields, expected_version=expected_version, acting_user=acting_user
        ),
        resource,
    )


def delete_resource(resource: Resource, *, acting_user):
    return trash(resource, acting_user=acting_user, perm=DELETE)
