"""Changes of a municipality's policy: loading (or updating) a policy pack, and removing a
document nothing refers to."""

from django.db import transaction
from django.db.models import ProtectedError, RestrictedError

from samverkan.history.actions import delete_record
from samverkan.lib.actions import StillInUse, authorize
from samverkan.organisation import actions as organisation_actions
from samverkan.organisation.models import Body, Role, RoleAssignment

from .pack import PolicyPack, apply_pack
from .sections import refresh_sections


@transaction.atomic
def load_policy(pack: PolicyPack, municipality, *, acting_user, source_file: str = ""):
    """Create or update the municipality's policy document, clauses, decision rules and
    indicators from `pack` (running it twice changes nothing)."""
    authorize(acting_user, "samverkan.manage_structure", municipality)
    return apply_pack(pack, municipality, source_file=source_file)


@transaction.atomic
def load_shared_policy(pack: PolicyPack, *, acting_user, source_file: str = ""):
    """Load one document that several municipalities adopted together into each party,
    in one transaction: all parties follow the same text and rules, or none changes.
    Returns the documents, one per party, in the pack's order."""
    from samverkan.organisation.models import Municipality

    from .pack import PackError

    codes = pack.policy.municipalities
    parties = {m.code: m for m in Municipality.objects.filter(code__in=codes)}
    missing = [code for code in codes if code not in parties]
    if missing:
        raise PackError(
            [
                f"{source_file or '<pack>'}: policy.municipalities: no municipality with the "
                f"code {', '.join(missing)}"
            ]
        )
    return [
        load_policy(pack, parties[code], acting_user=acting_user, source_file=source_file)
        for code in codes
    ]


class DocumentInUse(StillInUse):
    """A document that decisions or supplements still refer to; `referring` lists them."""

    def __init__(self, record, referring):
        super().__init__(record)
        self.referring = referring


def unload_policy(document, *, acting_user):
    """Remove a steering document with its clauses, rules and indicators; it goes to the
    trash (an administrator can restore it). A document that anything refers to stays,
    and DocumentInUse says what refers to it."""
    authorize(acting_user, "samverkan.manage_structure", document.municipality)
    try:
        entry = delete_record(document, acting_user=acting_user)
    except (ProtectedError, RestrictedError) as error:
        referring = sorted(
            f"{obj._meta.verbose_name} {obj}"
            for obj in (
                getattr(error, "protected_objects", None)
                or getattr(error, "restricted_objects", None)
                or []
            )
        )
        raise DocumentInUse(document, referring) from None
    refresh_sections(document.municipality)
    return entry


@transaction.atomic
def set_up_municipality(municipality, pack: PolicyPack, *, admin=None, email="", acting_user):
    """Prepare a municipality in one step: its pack loaded, the bodies the pack expects
    made (those missing), and its first administrator given the role (an existing
    account, or a new one invited by e-mail). Running it again changes nothing.

    Returns (document, bodies made, the administrator's role assignment or None)."""
    document = load_policy(pack, municipality, acting_user=acting_user)
    made = []
    # Delegates last: they name the body they decide for.
    for spec in sorted(pack.bodies, key=lambda spec: spec.delegated_by is not None):
        if not Body.objects.filter(municipality=municipality, name__iexact=spec.name).exists():
            values = {"kind": spec.kind, "name": spec.name, "abbreviation": spec.abbreviation}
            if spec.delegated_by:
                values["delegated_by"] = Body.objects.filter(
                    municipality=municipality, name__iexact=spec.delegated_by
                ).first() or Body.objects.get(
                    municipality=municipality, abbreviation__iexact=spec.delegated_by
                )
            made.append(
                organisation_actions.create_body(municipality, values, acting_user=acting_user)
            )
    assignment = None
    if admin is not None or email:
        existing = RoleAssignment.objects.filter(municipality=municipality)
        if admin is not None:
            assignment = existing.filter(user=admin).first() or organisation_actions.assign_role(
                admin, municipality, Role.ADMINISTRATOR, acting_user=acting_user
            )
        else:
            assignment = existing.filter(user__email__iexact=email).first()
            assignment = assignment or organisation_actions.invite_user(
                municipality, email=email, role=Role.ADMINISTRATOR, acting_user=acting_user
            )
    return document, made, assignment
