"""Data-subject requests for contacts: export a person's data, or erase it.

Erasure blanks the personal fields on the contact and on every historical version
of it, so history keeps that a contact existed (and when it changed) without the
personal data. The municipality's retention rule (RegisterSettings) comes first:
a contact within its retention period is not erased. The erasure itself is the action
`actions.erase_contact`; this module reads (export, retention).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Contact, RegisterSettings


class ErasureRefused(Exception):
    """A retention rule requires keeping the contact's data for now."""


def export_contact(contact: Contact) -> dict:
    """Everything kept about the person, as JSON-ready data (a data-subject access request)."""
    versions = contact.history.order_by("history_date").select_related("history_user")
    return {
        "exported_at": timezone.now().isoformat(),
        "municipality": contact.municipality.name,
        "contact": {
            "id": contact.pk,
            "partner": str(contact.partner),
            "name": contact.name,
            "role": contact.role_title,
            "email": contact.email,
            "phone": contact.phone,
            "last_contact_on": contact.last_contact_on.isoformat()
            if contact.last_contact_on
            else None,
            "legal_basis": contact.get_legal_basis_display(),
            "notes": contact.notes,
            "twin_towns": [str(t) for t in contact.twin_towns.all()],
        },
        "history": [
            {
                "changed_at": version.history_date.isoformat(),
                "change": version.get_history_type_display(),
                **{field: getattr(version, field) for field in Contact.PERSONAL_FIELDS},
            }
            for version in versions
        ],
    }


def retention_ends_on(contact: Contact) -> datetime.date | None:
    """The first day the contact may be erased under the retention rule (None: any day)."""
    months = RegisterSettings.for_municipality(contact.municipality).contact_retention_months
    if not months or contact.last_contact_on is None:
        return None
    start = contact.last_contact_on
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, min(start.day, 28))


def check_erasure_allowed(contact: Contact, *, today: datetime.date) -> None:
    """Raise ErasureRefused while the retention rule keeps the contact's data
    (actions.erase_contact erases)."""
    ends_on = retention_ends_on(contact)
    if ends_on is not None and today < ends_on:
        raise ErasureRefused(
            _(
                "The municipality's retention rule keeps contact data until %(date)s "
                "(%(months)s months after the last contact)."
            )
            % {
                "date": ends_on.isoformat(),
                "months": RegisterSettings.for_municipality(
                    contact.municipality
                ).contact_retention_months,
            }
        )
