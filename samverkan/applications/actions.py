"""Every change of a funding application and its life-cycle records: one named function each.

Pages, the API, the demo and commands call these; none saves a record itself. Each checks
the acting user's right (a committee editor changes only the applications their committees
lead), the rules (the model's clean(): granted not above applied, a rate and its date for
amounts in EUR, a granted application's amount; here: the life cycle's steps, choices of the
application's own municipality), takes the version check, writes in one transaction with
its history row, and does the side effects (the programme and deadline taken from a call,
the co-financing total).
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samverkan.activities.models import Currency
from samverkan.funding.models import deadline_day
from samverkan.history.actions import trash
from samverkan.lib.actions import (
    RuleViolation,
    apply_values,
    authorize,
    check_rules,
    save_changes,
    save_new,
)
from samverkan.organisation.models import TenantModel
from samverkan.registry.files import check_upload

from .models import (
    TRANSITIONS,
    Application,
    ApplicationAttachment,
    CoFinancing,
    GrantAgreement,
    PaymentClaim,
    ReportDue,
    Status,
)

CHANGE = "samverkan.change_record"


# Rules ---------------------------------------------------------------------------------


def check_transition(before: str | None, after: str) -> None:
    """The status moves only along TRANSITIONS (a new record may start anywhere)."""
    if before is None or before == after or after in TRANSITIONS[before]:
        return
    allowed = ", ".join(str(Status(s).label) for s in sorted(TRANSITIONS[before])) or "–"
    raise RuleViolation(
        _(
            "An application cannot go from %(before)s to %(after)s. From %(before)s it can "
            "go to: %(allowed)s."
        )
        % {"before": Status(before).label, "after": Status(after).label, "allowed": allowed},
        "status",
    )


def _check_own_municipality(record, names) -> None:
    """Every record chosen (a body, a decision, a call) is of the record's municipality."""
    errors = []
    for name in names:
        linked = getattr(record, name, None)
        if isinstance(linked, TenantModel) and linked.municipality_id != record.municipality_id:
            errors.append((name, _("Choose one of your own municipality's.")))
    if errors:
        raise RuleViolation(errors=errors)


def call_defaults(call) -> dict:
    """What an application made from `call` starts with: title, programme, deadline, the
    end of the programme period (which decides how long its documents are kept), and the
    euro: the calls come from the EU's Funding & Tenders Portal, whose amounts are in EUR."""
    values = {"call": call.pk, "title": call.title[:300], "currency": Currency.EUR}
    deadline = call.upcoming_deadline() or call.next_deadline
    if deadline is not None:
        values["call_deadline"] = deadline_day(deadline)
    programme = call.programme if call.programme_id else None
    if programme is not None:
        values["programme"] = programme.pk
        if programme.period_end_year:
            values["programme_period_end"] = datetime.date(programme.period_end_year, 12, 31)
    return values


def _derive(application, *, is_new: bool) -> list[str]:
    """The fields an application takes from its call and programme; returns those set.

    The programme is the call's when none is chosen. A new application also takes the
    call's next deadline and the programme period's end when none is given, as the page
    made from a call offers them.
    """
    derived = []
    call = application.call if application.call_id else None
    if call is not None and not application.programme_id and call.programme_id:
        application.programme_id = call.programme_id
        derived.append("programme")
    if not is_new:
        return derived
    if call is not None and application.call_deadline is None:
        deadline = call.upcoming_deadline() or call.next_deadline
        if deadline is not None:
            application.call_deadline = deadline_day(deadline)
    programme = application.programme if application.programme_id else None
    if application.programme_period_end is None and programme and programme.period_end_year:
        application.programme_period_end = datetime.date(programme.period_end_year, 12, 31)
    return derived


# Applications ---------------------------------------------------------------------------


@transaction.atomic
def create_application(values: dict, *, municipality, acting_user) -> Application:
    """A new application (from a call or blank); the lead body decides who may add it."""
    application = Application(municipality=municipality)
    _fields, m2m = apply_values(application, values)
    if application.call_id and not values.get("currency"):
        application.currency = Currency.EUR  # an EU call's amounts (call_defaults)
    _derive(application, is_new=True)
    check_rules(application)
    _check_own_municipality(application, ["municipal_decision"])
    _check_partners(application, m2m)
    return save_new(application, acting_user=acting_user, m2m=m2m)


@transaction.atomic
def update_application(
    application, values: dict, *, expected_version: int | None, acting_user, reason=None
) -> Application:
    """Change an application; its status only along the life cycle (`check_transition`)."""
    stored = (
        Application.objects.select_for_update()
        .select_related("lead_body")
        .only("status", "municipality_id", "lead_body")
        .get(pk=application.pk)
    )
    # The record as it is: nobody takes over another committee's application.
    authorize(acting_user, CHANGE, stored)
    fields, m2m = apply_values(application, values)
    fields += _derive(application, is_new=False)
    check_transition(stored.status, application.status)
    check_rules(application)
    _check_own_municipality(application, ["municipal_decision"])
    _check_partners(application, m2m)
    return save_changes(
        application,
        list(dict.fromkeys(fields)),
        expected_version=expected_version,
        acting_user=acting_user,
        m2m=m2m,
        reason=reason,
    )


def transition_to(
    application, status: str, *, acting_user, expected_version=None, values=None, reason=None
) -> Application:
    """Move an application to `status` (with the values that step needs, e.g. the amount
    granted), if the life cycle allows it."""
    return update_application(
        application,
        {**(values or {}), "status": status},
        expected_version=expected_version,
        acting_user=acting_user,
        reason=reason,
    )


def _check_partners(application, m2m: dict) -> None:
    partners = m2m.get("partners") or []
    if any(p.municipality_id != application.municipality_id for p in partners):
        raise RuleViolation(_("Choose one of your own municipality's."), "partners")


def delete_application(application, *, acting_user):
    """To the trash, with its life-cycle records and documents (restorable)."""
    return trash(application, acting_user=acting_user, perm="samverkan.delete_record")


# Life-cycle records ---------------------------------------------------------------------

# The records a part links to that must be the application's municipality's.
LINKED = {CoFinancing: ["body", "decision"]}


def _after_change(record) -> None:
    """Side effects of a changed life-cycle record: the co-financing total follows its rows."""
    if isinstance(record, CoFinancing):
        application = Application.objects.filter(pk=record.application_id).first()
        if application is not None:
            application.refresh_derived()


def _check_part(record) -> None:
    check_rules(record, exclude=["application", "municipality"])
    _check_own_municipality(record, LINKED.get(type(record), []))


@transaction.atomic
def add_part(application, model, values: dict, *, acting_user):
    """A new co-financing row, grant agreement, payment claim or report of `application`."""
    authorize(acting_user, CHANGE, application)
    record = model(municipality_id=application.municipality_id, application=application)
    _fields, m2m = apply_values(record, values)
    _check_part(record)
    save_new(record, acting_user=acting_user, perm=None, m2m=m2m)
    _after_change(record)
    return record


@transaction.atomic
def update_part(record, values: dict, *, expected_version: int | None, acting_user):
    """Change a life-cycle record, e.g. a claim now paid or a report now submitted."""
    authorize(acting_user, CHANGE, record.application)
    fields, m2m = apply_values(record, values)
    if isinstance(record, ApplicationAttachment) and hasattr(values.get("file"), "content_type"):
        fields += _describe_upload(record, values["file"])  # a new file replaces the old
    if "application" in fields:
        raise RuleViolation(_("A record cannot move to another application."), "application")
    _check_part(record)
    save_changes(
        record,
        fields,
        expected_version=expected_version,
        acting_user=acting_user,
        perm=None,
        m2m=m2m,
    )
    _after_change(record)
    return record


@transaction.atomic
def delete_part(record, *, acting_user):
    """To the trash (restorable); whoever may change the application may delete its records."""
    authorize(acting_user, CHANGE, record.application)
    entry = trash(record, acting_user=acting_user, perm=None)
    _after_change(record)
    return entry


def add_co_financing(application, values, *, acting_user) -> CoFinancing:
    return add_part(application, CoFinancing, values, acting_user=acting_user)


def update_co_financing(record, values, *, expected_version, acting_user) -> CoFinancing:
    return update_part(record, values, expected_version=expected_version, acting_user=acting_user)


def delete_co_financing(record, *, acting_user):
    return delete_part(record, acting_user=acting_user)


def add_grant_agreement(application, values, *, acting_user) -> GrantAgreement:
    return add_part(application, GrantAgreement, values, acting_user=acting_user)


def add_payment_claim(application, values, *, acting_user) -> PaymentClaim:
    return add_part(application, PaymentClaim, values, acting_user=acting_user)


def add_report(application, values, *, acting_user) -> ReportDue:
    return add_part(application, ReportDue, values, acting_user=acting_user)


# Grant agreements, payment claims and reports change and go like co-financing rows.
update_grant_agreement = update_payment_claim = update_report = update_co_financing
delete_grant_agreement = delete_payment_claim = delete_report = delete_co_financing


@transaction.atomic
def upload_document(application, *, title: str, file, acting_user) -> ApplicationAttachment:
    """A document of the application; its type is read from its content and its size checked."""
    authorize(acting_user, CHANGE, application)
    attachment = ApplicationAttachment(
        municipality_id=application.municipality_id, application=application, title=title
    )
    attachment.file = file
    _describe_upload(attachment, file)
    check_rules(attachment, exclude=["application", "municipality", "file"])
    return save_new(attachment, acting_user=acting_user, perm=None)


def _describe_upload(attachment, upload) -> list[str]:
    """Check an uploaded file by its content and size; record its type, name and size."""
    try:
        attachment.content_type = check_upload(upload)
    except ValidationError as error:
        raise RuleViolation(errors=[("file", m) for m in error.messages]) from None
    attachment.original_name = upload.name[:255]
    attachment.size = upload.size
    return ["content_type", "original_name", "size"]


def delete_document(attachment, *, acting_user):
    return delete_part(attachment, acting_user=acting_user)
