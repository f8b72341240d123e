"""The one way pages and the API fetch the registry's records.

Each `get_<record>_for(request, pk)` answers 404 for another municipality's record (or
a missing one) and 403 for one the user may not see; the querysets are scoped to the
request's municipality and carry what the pages and the API show.
"""

from django.core.exceptions import PermissionDenied

from samverkan.organisation import tenancy
from samverkan.organisation.models import Body
from samverkan.organisation.rules import role_of

from .models import Agreement, Contact, Decision, Document, NetworkMembership, Partner, TwinTown


def sees_personal_data(request) -> bool:
    return request is not None and request.user.has_perm(
        "samverkan.view_personal_data", request.municipality
    )


def visible_partners(request, queryset=None):
    """Partners as the caller may see them: a citizen is a person, shown to few roles."""
    queryset = tenancy.scoped(request, Partner) if queryset is None else queryset
    if not sees_personal_data(request):
        queryset = queryset.exclude(kind__in=Partner.PERSONAL_KINDS)
    return queryset


def get_partner_for(request, pk, *, perm="samverkan.view_record") -> Partner:
    return tenancy.get_for(request, Partner, pk, queryset=visible_partners(request), perm=perm)


def contacts_for(request):
    return tenancy.scoped(request, Contact).select_related("partner")


def get_contact_for(request, pk, *, perm="samverkan.view_personal_data") -> Contact:
    """A contact is personal data: reading one needs view_personal_data."""
    return tenancy.get_for(request, Contact, pk, queryset=contacts_for(request), perm=perm)


def decisions_for(request):
    return tenancy.scoped(request, Decision).select_related("body")


def get_decision_for(request, pk, *, perm="samverkan.view_record") -> Decision:
    return tenancy.get_for(
        request,
        Decision,
        pk,
        queryset=decisions_for(request).select_related("policy_document"),
        perm=perm,
    )


def decision_body_choices(request):
    """The bodies a user may record decisions for: None means any of the municipality
    (administrators, coordinators, registrars); a committee editor only their own
    committees, possibly none."""
    user, municipality = request.user, request.municipality
    if user.has_perm("samverkan.record_decision", Decision(municipality=municipality)):
        return None
    role = role_of(user, municipality)
    own = [committee.pk for committee in role.committees.all()] if role else []
    bodies = tenancy.scoped(request, Body).filter(pk__in=own)
    perm = "samverkan.record_decision"
    return [b for b in bodies if user.has_perm(perm, Decision(municipality=municipality, body=b))]


def can_record_decisions(request) -> bool:
    """Whether the user may record a decision for some body (the page's and the API's
    check before the form; the action checks the decision itself)."""
    choices = decision_body_choices(request)
    return choices is None or bool(choices)


def agreements_for(request, *, with_parties=False):
    """`with_parties`: their parties read at once too (the API shows them with each)."""
    queryset = tenancy.scoped(request, Agreement).select_related(
        "municipality", "signing_body", "decision__body"
    )
    return queryset.prefetch_related("parties", "shared_with") if with_parties else queryset


def get_agreement_for(
    request, pk, *, perm="samverkan.view_record", with_parties=False
) -> Agreement:
    queryset = agreements_for(request, with_parties=with_parties)
    return tenancy.get_for(request, Agreement, pk, queryset=queryset, perm=perm)


def memberships_for(request, *, with_committees=False):
    """`with_committees`: the participating committees read at once too."""
    queryset = tenancy.scoped(request, NetworkMembership).select_related(
        "organisation", "held_through", "committee", "decision__body"
    )
    return queryset.prefetch_related("participating_committees") if with_committees else queryset


def get_membership_for(
    request, pk, *, perm="samverkan.view_record", with_committees=False
) -> NetworkMembership:
    queryset = memberships_for(request, with_committees=with_committees)
    return tenancy.get_for(request, NetworkMembership, pk, queryset=queryset, perm=perm)


def participation_committees(user, membership):
    """The committees `user` may log participation in `membership` for: None means any
    (whoever may change the membership); otherwise their own committees that take part,
    possibly none."""
    if user.has_perm("samverkan.change_record", membership):
        return None
    role = role_of(user, membership)
    if role is None:
        return membership.participating_committees.none()
    own = {committee.pk for committee in role.committees.all()}
    return membership.participating_committees.filter(pk__in=own)


# Documents ----------------------------------------------------------------------------

DOCUMENT_PARENTS = {"decision": Decision, "agreement": Agreement}


def manage_documents_perm(parent) -> str:
    """The right to upload to or delete from `parent`: decisions are the registrar's work too."""
    if parent._meta.model_name == "decision":
        return "samverkan.record_decision"
    return "samverkan.change_record"


def can_manage_documents(user, parent) -> bool:
    return user.has_perm(manage_documents_perm(parent), parent)


def get_document_parent_for(request, model, pk, *, manage=False):
    """The decision or agreement a document is uploaded to (`manage`: by whoever may)."""
    parent = tenancy.get_for(request, model, pk)
    if manage and not can_manage_documents(request.user, parent):
        raise PermissionDenied
    return parent


def get_document_for(request, pk, *, manage=False) -> Document:
    """A document as its reader may have it: a confidential one only for those who may see
    confidential documents; `manage` for whoever may delete it."""
    queryset = tenancy.scoped(request, Document).select_related("decision__body", "agreement")
    document = tenancy.get_scoped_or_404(request, Document, pk, queryset)
    parent = document.parent
    if manage:
        if not can_manage_documents(request.user, parent):
            raise PermissionDenied
    elif not request.user.has_perm(
        "samverkan.view_record" if document.is_public else "samverkan.view_confidential", parent
    ):
        raise PermissionDenied
    return document


def twin_towns_for(request, *, with_contacts=False):
    """`with_contacts`: their contacts read at once too, for those who may see them."""
    queryset = tenancy.scoped(request, TwinTown).select_related(
        "partner", "agreement", "decision__body", "end_decision__body"
    )
    if with_contacts and sees_personal_data(request):
        queryset = queryset.prefetch_related("contacts")
    return queryset


def get_twin_town_for(
    request, pk, *, perm="samverkan.view_record", with_contacts=False
) -> TwinTown:
    queryset = twin_towns_for(request, with_contacts=with_contacts)
    return tenancy.get_for(request, TwinTown, pk, queryset=queryset, perm=perm)


# The registers that keep a control log, by the name their pages and the API use.
CONTROLLED = {
    "decision": Decision,
    "agreement": Agreement,
    "twin-town": TwinTown,
    "membership": NetworkMembership,
    "partner": Partner,
}


def get_controlled_item_for(request, model, pk, *, perm="samverkan.view_record"):
    """A register item whose control log is read or written (citizens only for the roles
    that see personal data)."""
    queryset = tenancy.scoped(request, model)
    if model is Partner:
        queryset = visible_partners(request, queryset)
    return tenancy.get_for(request, model, pk, queryset=queryset, perm=perm)
