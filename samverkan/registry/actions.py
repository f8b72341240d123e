"""Every change of the registry's records: one named function each (lib.actions).

Pages, the API, commands and the demo call these; none saves a record itself. Each
checks the acting user's right (before and after the change, so nobody moves a record
out of their reach), the model's and the policy's rules (models' clean() and
authority.py, as RuleViolation), the version the editor opened, and writes in one
transaction with its history row. A race past a rule that the database guards as well
(a unique constraint) is refused with the rule's message, never a server error.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.history.actions import trash
from samverkan.lib import changes
from samverkan.lib.actions import (
    SYSTEM,
    RuleViolation,
    apply_values,
    authorize,
    check_rules,
    save_changes,
    save_new,
)

from . import access, privacy
from .files import check_upload
from .models import (
    Agreement,
    Contact,
    ControlLogEntry,
    Decision,
    Document,
    MembershipFee,
    NetworkMembership,
    ParticipationEntry,
    Partner,
    RegisterSettings,
    TwinTown,
    TwinTownNote,
    ValueReview,
)

# Two writers racing past a rule meet the database's constraint instead.
DECISION_TAKEN = gettext_lazy(
    "The body already has a decision with this paragraph this year, or in this case "
    "at this meeting."
)
PARTNER_NAME_TAKEN = gettext_lazy("There is already a partner named %(name)s in this country.")
FEE_YEAR_TAKEN = gettext_lazy("There is already a fee for %(year)s.")
REVIEW_YEAR_TAKEN = gettext_lazy("There is already a value review for %(year)s.")


def _create(obj, values, *, acting_user, perm, taken=None):
    """Fill in a new record, check the right to it and its rules, insert it.

    `taken` is (message, field) for a unique constraint the database enforces.
    """
    _fields, m2m = apply_values(obj, values)
    authorize(acting_user, perm, obj)
    obj._pending_m2m = m2m  # the rules judge the links as they will be (e.g. parties)
    check_rules(obj)
    try:
        return save_new(obj, acting_user=acting_user, perm=None, m2m=m2m)
    except IntegrityError:
        if taken is None:
            raise
        raise RuleViolation(*taken) from None


def _change(obj, values, *, expected_version, acting_user, perm, taken=None):
    """Change a record the acting user may change into one they may still change."""
    authorize(acting_user, perm, obj)
    fields, m2m = apply_values(obj, values)
    authorize(acting_user, perm, obj)
    obj._pending_m2m = m2m  # the rules judge the links as they will be (e.g. parties)
    check_rules(obj)
    try:
        return save_changes(
            obj,
            fields,
            expected_version=expected_version,
            acting_user=acting_user,
            perm=None,
            m2m=m2m,
        )
    except IntegrityError:
        if taken is None:
            raise
        raise RuleViolation(*taken) from None


# Partners -------------------------------------------------------------------------------


def create_partner(municipality, values: dict, *, acting_user) -> Partner:
    partner = Partner(municipality=municipality)
    apply_values(partner, values)
    return _create(
        partner,
        {},
        acting_user=acting_user,
        perm="samverkan.add_record",
        taken=(PARTNER_NAME_TAKEN % {"name": partner.name}, "name"),
    )


def update_partner(partner, values: dict, *, expected_version=None, acting_user) -> Partner:
    return _change(
        partner,
        values,
        expected_version=expected_version,
        acting_user=acting_user,
        perm="samverkan.change_record",
        taken=(PARTNER_NAME_TAKEN % {"name": values.get("name", partner.name)}, "name"),
    )


def delete_partner(partner, *, acting_user):
    return trash(partner, acting_user=acting_user, perm="samverkan.delete_record")


# Contacts (personal data) -----------------------------------------------------------------


def create_contact(municipality, values: dict, *, acting_user) -> Contact:
    return _create(
        Contact(municipality=municipality),
        values,
        acting_user=acting_user,
        perm="samverkan.change_personal_data",
    )


def update_contact(contact, values: dict, *, expected_version=None, acting_user) -> Contact:
    if contact.erased_at:
        # Its personal data is gone for good; an edit would bring some back.
        raise RuleViolation(_("An erased contact cannot be edited."))
    return _change(
        contact,
        values,
        expected_version=expected_version,
        acting_user=acting_user,
        perm="samverkan.change_personal_data",
    )


def delete_contact(contact, *, acting_user):
    return trash(contact, acting_user=acting_user, perm="samverkan.change_personal_data")


@transaction.atomic
def erase_contact(contact, *, acting_user, today: datetime.date | None = None) -> Contact:
    """Blank the person's data on the contact and in its history (a data-subject request).

    Raises privacy.ErasureRefused while the municipality's retention rule keeps the data.
    History keeps that the contact existed and when it changed, not who it was, so the
    erasure leaves no history row of its own (it would hold the name).
    """
    authorize(acting_user, "samverkan.manage_personal_data", contact)
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.erased_at:
        return contact
    privacy.check_erasure_allowed(contact, today=today or timezone.localdate())
    blank = dict.fromkeys(Contact.PERSONAL_FIELDS, "")
    contact.history.all().update(**blank)
    # Written with update(): a save() would add a version and `name` must stay blank.
    Contact.objects.filter(pk=contact.pk).update(
        **blank, erased_at=timezone.now(), version=contact.version + 1
    )
    contact.refresh_from_db()
    return contact


# Decisions --------------------------------------------------------------------------------


def record_decision(municipality, values: dict, *, acting_user) -> Decision:
    """Record a decision, checked against the policy pack's decision rules (authority.py)."""
    return _create(
        Decision(municipality=municipality),
        values,
        acting_user=acting_user,
        perm="samverkan.record_decision",
        taken=(DECISION_TAKEN, "paragraph"),
    )


def update_decision(decision, values: dict, *, expected_version=None, acting_user) -> Decision:
    decision = _change(
        decision,
        values,
        expected_version=expected_version,
        acting_user=acting_user,
        perm="samverkan.record_decision",
        taken=(DECISION_TAKEN, "paragraph"),
    )
    # The year is the database's (generated from the meeting date): read it back.
    decision.refresh_from_db(fields=["year"])
    return decision


def delete_decision(decision, *, acting_user):
    """Whoever keeps the register of decisions may remove a wrongly recorded one (roles.py)."""
    return trash(decision, acting_user=acting_user, perm="samverkan.delete_decision")


# Documents of decisions and agreements ----------------------------------------------------


def add_document(parent, values: dict, *, acting_user) -> Document:
    """Attach an uploaded file to a decision or an agreement; its type is read from its
    content (files.check_upload), never from its name."""
    authorize(acting_user, access.manage_documents_perm(parent), parent)
    document = Document(municipality_id=parent.municipality_id)
    setattr(document, parent._meta.model_name, parent)
    upload = values.get("file")
    if upload is None:
        raise RuleViolation(_("Choose a file to upload."), "file")
    try:
        document.content_type = check_upload(upload)
    except ValidationError as error:
        raise RuleViolation(errors=[("file", message) for message in error.messages]) from None
    document.original_name = upload.name[:255]
    document.size = upload.size
    apply_values(document, values)
    check_rules(document)
    return save_new(document, acting_user=acting_user, perm=None)


def delete_document(document, *, acting_user):
    authorize(acting_user, access.manage_documents_perm(document.parent), document.parent)
    return trash(document, acting_user=acting_user, perm=None)


# Agreements -------------------------------------------------------------------------------


def _mark_parties_changed(agreement, values=None) -> None:
    """The municipalities an agreement is shared with see it (deadlines, renewals): their
    cached figures and start pages go stale with it, before and after the change."""
    parties = set(agreement.shared_with.values_list("pk", flat=True)) if agreement.pk else set()
    if values and "shared_with" in values:
        parties.update(getattr(party, "pk", party) for party in values["shared_with"] or ())
    for party in parties:
        changes.municipality_changed(party)


def create_agreement(municipality, values: dict, *, acting_user) -> Agreement:
    with transaction.atomic():
        agreement = _create(
            Agreement(municipality=municipality),
            values,
            acting_user=acting_user,
            perm="samverkan.add_record",
        )
        _mark_parties_changed(agreement)
        return agreement


def is_party_only(agreement, user) -> bool:
    """Whether `user` reaches the agreement only as a party municipality's member, not as
    one of the municipality that registered it."""
    from samverkan.organisation.rules import role_of

    if user is SYSTEM or getattr(user, "is_superuser", False):
        return False
    return role_of(user, agreement.municipality) is None


def refuse_party_change(agreement):
    raise PermissionDenied(
        _(
            "%(owner)s registered this agreement: only its coordinators change its "
            "parties, signing body, decision and sharing."
        )
        % {"owner": agreement.municipality.name}
    )


def update_agreement(agreement, values: dict, *, expected_version=None, acting_user) -> Agreement:
    """A party municipality changes only `Agreement.PARTY_EDITABLE`; the parties, the
    signing body, the decision and whom it is shared with are the registering one's."""
    party_only = is_party_only(agreement, acting_user)
    if party_only and any(name not in Agreement.PARTY_EDITABLE for name in values):
        refuse_party_change(agreement)
    with transaction.atomic():
        _mark_parties_changed(agreement, values)
        return _change(
            agreement,
            values,
            expected_version=expected_version,
            acting_user=acting_user,
            perm="samverkan.change_record",
        )


def delete_agreement(agreement, *, acting_user):
    if is_party_only(agreement, acting_user):
        raise PermissionDenied(
            _("%(owner)s registered this agreement: only its coordinators delete it.")
            % {"owner": agreement.municipality.name}
        )
    with transaction.atomic():
        _mark_parties_changed(agreement)
        return trash(agreement, acting_user=acting_user, perm="samverkan.delete_record")


# Twin towns -------------------------------------------------------------------------------


def create_twin_town(municipality, values: dict, *, acting_user) -> TwinTown:
    """A new twin town; its decision and the consideration are checked against the pack."""
    return _create(
        TwinTown(municipality=municipality),
        values,
        acting_user=acting_user,
        perm="samverkan.add_record",
    )


def update_twin_town(twin_town, values: dict, *, expected_version=None, acting_user) -> TwinTown:
    """Any change of a twin town, its status too: pausing or ending needs a reason, ending
    the council's decision and the date (authority.check_twin_town)."""
    return _change(
        twin_town,
        values,
        expected_version=expected_version,
        acting_user=acting_user,
        perm="samverkan.change_record",
    )


def delete_twin_town(twin_town, *, acting_user):
    return trash(twin_town, acting_user=acting_user, perm="samverkan.delete_record")


def add_twin_town_note(twin_town, values: dict, *, acting_user) -> TwinTownNote:
    """A note of the dialogue with a twin town: whoever may change the twin town."""
    authorize(acting_user, "samverkan.change_record", twin_town)
    return _create(
        TwinTownNote(municipality_id=twin_town.municipality_id, twin_town=twin_town),
        values,
        acting_user=acting_user,
        perm="samverkan.change_record",
    )


# Memberships ------------------------------------------------------------------------------


def create_membership(municipality, values: dict, *, acting_user) -> NetworkMembership:
    return _create(
        NetworkMembership(municipality=municipality),
        values,
        acting_user=acting_user,
        perm="samverkan.add_record",
    )


def update_membership(
    membership, values: dict, *, expected_version=None, acting_user
) -> NetworkMembership:
    return _change(
        membership,
        values,
        expected_version=expected_version,
        acting_user=acting_user,
        perm="samverkan.change_record",
    )


def delete_membership(membership, *, acting_user):
    return trash(membership, acting_user=acting_user, perm="samverkan.delete_record")


def _year_free(model, membership, year, message) -> None:
    if year is not None and model.objects.filter(membership=membership, year=year).exists():
        raise RuleViolation(message % {"year": year}, "year")


@transaction.atomic
def add_membership_fee(membership, values: dict, *, acting_user) -> MembershipFee:
    """The annual fee of a membership: one per year."""
    authorize(acting_user, "samverkan.change_record", membership)
    _year_free(MembershipFee, membership, values.get("year"), FEE_YEAR_TAKEN)
    return _create(
        MembershipFee(municipality_id=membership.municipality_id, membership=membership),
        values,
        acting_user=acting_user,
        perm="samverkan.change_record",
        taken=(FEE_YEAR_TAKEN % {"year": values.get("year")}, "year"),
    )


@transaction.atomic
def add_value_review(membership, values: dict, *, acting_user) -> ValueReview:
    """The yearly review of what the membership gave: one per year."""
    authorize(acting_user, "samverkan.change_record", membership)
    _year_free(ValueReview, membership, values.get("year"), REVIEW_YEAR_TAKEN)
    return _create(
        ValueReview(municipality_id=membership.municipality_id, membership=membership),
        values,
        acting_user=acting_user,
        perm="samverkan.change_record",
        taken=(REVIEW_YEAR_TAKEN % {"year": values.get("year")}, "year"),
    )


def log_participation(membership, values: dict, *, acting_user) -> ParticipationEntry:
    """A meeting attended or a role held in a membership.

    Whoever may change the membership logs for any committee; a committee editor logs
    for their own committee, which must take part in the membership (the entry is then
    their committee's: ParticipationEntry.owning_committees).
    """
    entry = ParticipationEntry(municipality_id=membership.municipality_id, membership=membership)
    apply_values(entry, values)
    if not acting_user.has_perm("samverkan.change_record", membership) and not (
        entry.committee_id
        and membership.participating_committees.filter(pk=entry.committee_id).exists()
    ):
        if not access.participation_committees(acting_user, membership):
            raise PermissionDenied
        raise RuleViolation(
            _("Choose your own committee that takes part in the membership."), "committee"
        )
    return _create(entry, {}, acting_user=acting_user, perm="samverkan.change_record")


# Register settings ------------------------------------------------------------------------


def save_register_settings(
    settings: RegisterSettings, values: dict, *, expected_version=None, acting_user
) -> RegisterSettings:
    """A municipality's register settings (retention of contact data, review interval)."""
    if settings.pk is None:
        return _create(settings, values, acting_user=acting_user, perm="samverkan.manage_structure")
    return _change(
        settings,
        values,
        expected_version=expected_version,
        acting_user=acting_user,
        perm="samverkan.manage_structure",
    )


# Control log and contacts' last contact ---------------------------------------------------


def reviewer_name(user) -> str:
    return user.get_full_name() or user.get_username()


@transaction.atomic
def record_review(
    item, *, findings: str, acting_user, reviewed_on: datetime.date, reviewed_by: str = ""
) -> ControlLogEntry:
    """A dated review of a register item in its control log (the board's control).

    A twin town's review also moves its `last_reviewed_on` forward (never back), which
    starts its next review interval; the twin town's version is raised, so an edit form
    opened before the review cannot undo the date.
    """
    authorize(acting_user, "samverkan.change_record", item)
    entry = ControlLogEntry(
        municipality_id=item.municipality_id,
        content_type=ContentType.objects.get_for_model(type(item)),
        object_id=item.pk,
        reviewed_on=reviewed_on,
        reviewed_by=reviewed_by or reviewer_name(acting_user),
        findings=findings,
    )
    check_rules(entry)
    save_new(entry, acting_user=acting_user, perm=None)
    if isinstance(item, TwinTown) and (
        item.last_reviewed_on is None or item.last_reviewed_on < reviewed_on
    ):
        item.last_reviewed_on = reviewed_on
        save_changes(
            item, ["last_reviewed_on"], expected_version=None, acting_user=acting_user, perm=None
        )
    return entry


@transaction.atomic
def note_contact(contact_id: int | None, day: datetime.date, *, acting_user) -> bool:
    """P9: move a contact's last contact date up to `day` (never back); True if it moved.

    A side effect of other apps' actions (an influence action names the contact), so it
    checks no permission of its own: the calling action has. The contact keeps its
    history like any edit, with its version raised so that an editor who had the contact
    open is told about the change instead of overwriting it.
    """
    if contact_id is None:
        return False
    contact = Contact.objects.select_for_update().get(pk=contact_id)
    if contact.erased_at or (contact.last_contact_on and contact.last_contact_on >= day):
        return False
    contact.last_contact_on = day
    save_changes(
        contact,
        ["last_contact_on"],
        expected_version=contact.version,
        acting_user=acting_user,
        perm=None,
    )
    return True
