"""Contacts: persons at partners. Personal data, so every endpoint needs view_personal_data.

Answers carry `Cache-Control: no-store`, so no copy of a person's data stays in a cache.
A person's data can be exported (a data-subject access request) and erased, unless
the municipality's retention rule still keeps it.
"""

import datetime
from typing import Any, Literal

from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from samverkan.api.pagination import PageNumberPagination
from samverkan.lib.actions import VersionConflict, authorize
from samverkan.registry import access, actions, privacy
from samverkan.registry.forms import ContactForm
from samverkan.registry.models import (
    Contact,
)

from .. import adapters
from ..auth import SIGNED_IN
from ..schemas import Error
from .registry import DELETE, LIST, READ, VERSION, WRITE

# What the endpoints take and give ------------------------------------------------

LegalBasis = Literal[tuple(Contact.LegalBasis.values)]


class ContactOut(Schema):
    id: int
    partner: int
    partner_name: str
    name: str
    role_title: str
    email: str
    phone: str
    last_contact_on: datetime.date | None
    legal_basis: LegalBasis
    legal_basis_label: str
    notes: str
    erased_at: datetime.datetime | None = Field(
        description="When the personal data was erased; the contact then keeps no personal data."
    )
    version: int

    @staticmethod
    def resolve_partner(obj):
        return obj.partner_id

    @staticmethod
    def resolve_partner_name(obj):
        return obj.partner.name

    @staticmethod
    def resolve_legal_basis_label(obj):
        return obj.get_legal_basis_display()


class ContactIn(Schema):
    partner: int = Field(description="Id of a partner of your municipality.")
    name: str
    role_title: str = ""
    email: str = ""
    phone: str = ""
    last_contact_on: datetime.date | None = None
    legal_basis: LegalBasis = Contact.LegalBasis.PUBLIC_TASK.value
    notes: str = ""


class ContactUpdate(ContactIn):
    version: int = VERSION


class ContactFilter(Schema):
    partner: int | None = Field(None, description="Id of a partner.")
    stale: bool | None = Field(
        None, description="Not contacted for 12 months (true), or contacted within them (false)."
    )
    q: str | None = Field(None, description="Part of the name or the e-mail.")


class ContactConflict(Schema):
    message: str
    current: ContactOut


class ContactExport(Schema):
    """Everything kept about the person (a data-subject access request)."""

    exported_at: str
    municipality: str
    contact: dict[str, Any]
    history: list[dict[str, Any]]


router = Router(auth=SIGNED_IN, tags=["contacts"])

# P9: institutions not contacted for 12 months are followed up (as on the pages).
STALE_AFTER = datetime.timedelta(days=365)


def _no_store(response: HttpResponse) -> None:
    response["Cache-Control"] = "no-store"


def _form(request, payload, contact):
    return adapters.parse(
        ContactForm(
            adapters.form_data(payload), instance=contact, municipality=request.municipality
        )
    )


@router.get("/contacts", response={200: list[ContactOut], **LIST})
@paginate(PageNumberPagination)
def list_contacts(request, response: HttpResponse, filters: Query[ContactFilter]):
    authorize(request.user, "samverkan.view_personal_data", request.municipality)
    _no_store(response)
    contacts = access.contacts_for(request).order_by("name", "pk")
    if filters.partner is not None:
        contacts = contacts.filter(partner_id=filters.partner)
    if filters.stale is not None:
        limit = timezone.localdate() - STALE_AFTER
        stale = Q(last_contact_on__lt=limit) | Q(last_contact_on__isnull=True)
        contacts = contacts.filter(stale) if filters.stale else contacts.exclude(stale)
    if filters.q:
        q = filters.q.strip()
        contacts = contacts.filter(Q(name__icontains=q) | Q(email__icontains=q))
    return contacts


@router.get("/contacts/{contact_id}", response={200: ContactOut, **READ})
def get_contact(request, response: HttpResponse, contact_id: int):
    contact = access.get_contact_for(request, contact_id)
    _no_store(response)
    return contact


@router.post("/contacts", response={201: ContactOut, **WRITE})
def create_contact(request, response: HttpResponse, payload: ContactIn):
    authorize(
        request.user, "samverkan.change_personal_data", Contact(municipality=request.municipality)
    )
    _no_store(response)
    form = _form(request, payload, Contact(municipality=request.municipality))
    contact = actions.create_contact(request.municipality, form.changes(), acting_user=request.user)
    return Status(201, access.get_contact_for(request, contact.pk))


@router.put("/contacts/{contact_id}", response={200: ContactOut, **WRITE, 409: ContactConflict})
def update_contact(request, response: HttpResponse, contact_id: int, payload: ContactUpdate):
    contact = access.get_contact_for(request, contact_id, perm="samverkan.change_personal_data")
    _no_store(response)
    if contact.erased_at:
        # Its personal data is gone for good; an edit would bring some back.
        return Status(
            409, {"message": _("An erased contact cannot be edited."), "current": contact}
        )
    form = _form(request, payload, contact)
    try:
        actions.update_contact(
            contact, form.changes(), expected_version=payload.version, acting_user=request.user
        )
    except VersionConflict as error:
        return adapters.conflict(payload.version, access.get_contact_for(request, error.current.pk))
    return access.get_contact_for(request, contact.pk)


@router.delete("/contacts/{contact_id}", response=DELETE)
def delete_contact(request, contact_id: int):
    contact = access.get_contact_for(request, contact_id, perm="samverkan.change_personal_data")
    actions.delete_contact(contact, acting_user=request.user)
    return Status(204, None)


@router.get("/contacts/{contact_id}/export", response={200: ContactExport, **READ})
def export_contact(request, response: HttpResponse, contact_id: int):
    """Everything kept about the person, with the history of the record (data-subject access)."""
    contact = access.get_contact_for(request, contact_id, perm="samverkan.manage_personal_data")
    _no_store(response)
    return privacy.export_contact(contact)


@router.post("/contacts/{contact_id}/erase", response={200: ContactOut, **READ, 409: Error})
def erase_contact(request, response: HttpResponse, contact_id: int):
    """Blank the person's data here and in the history; 409 while a retention rule keeps it."""
    contact = access.get_contact_for(request, contact_id, perm="samverkan.manage_personal_data")
    _no_store(response)
    try:
        actions.erase_contact(contact, acting_user=request.user)
    except privacy.ErasureRefused as refusal:
        return Status(409, {"message": str(refusal)})
    return access.get_contact_for(request, contact.pk)
