"""The record of processing activities (GDPR art. 30) for one municipality.

Generated, not written by hand: the categories of data from the models' fields, the legal
bases from the contacts, who may see what from the permission rules, the retention from
the register settings and the security measures from the site's settings, the data
protection officer from the municipality (set by the administrator on the register
settings page). The administrator prints the page (registry/processing.html).
"""

import datetime
from dataclasses import dataclass, field
from types import SimpleNamespace

import rules
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samverkan.organisation.models import Municipality, Role, RoleAssignment

from .models import Contact, Partner, RegisterSettings


@dataclass
class Activity:
    """One processing activity: the rows of art. 30(1) b–g."""

    key: str
    name: str
    purposes: list[str]
    data_subjects: list[str]
    categories: list[str]
    legal_bases: list[str]
    recipients: list[str]
    retention: list[str]
    transfers: list[str]
    records: str = ""


@dataclass
class Record:
    municipality: Municipality
    generated_at: datetime.datetime
    activities: list[Activity] = field(default_factory=list)
    security: list[str] = field(default_factory=list)


def _labels(model, names) -> list[str]:
    return [capfirst(model._meta.get_field(name).verbose_name) for name in names]


def roles_with(permission: str, municipality: Municipality) -> list[str]:
    """The roles whose holders have `permission` in the municipality, by the rules."""
    found = []
    for role in Role:
        stand_in = SimpleNamespace(
            is_authenticated=True,
            _samverkan_roles={
                municipality.pk: SimpleNamespace(
                    role=role.value, committees=SimpleNamespace(all=lambda: [])
                )
            },
        )
        if rules.has_perm(permission, stand_in, municipality):
            found.append(str(role.label))
    return found


def _recipients(roles: list[str]) -> list[str]:
    found = [
        _("Staff of the municipality with one of these roles in Samverkan: %(roles)s.")
        % {"roles": ", ".join(roles)},
        _("The operator of the platform (server administration and backups)."),
    ]
    if settings.OIDC_RP_CLIENT_ID:
        found.append(_("The sign-in provider (single sign-on) for those who sign in with it."))
    return found


def _contacts(municipality: Municipality, retention_months: int) -> Activity:
    contacts = Contact.objects.for_municipality(municipality)
    in_use = dict(
        contacts.filter(erased_at__isnull=True)
        .order_by()
        .values("legal_basis")
        .annotate(count=Count("pk"))
        .values_list("legal_basis", "count")
    )
    bases = [
        ngettext(
            "%(basis)s: %(count)s contact", "%(basis)s: %(count)s contacts", in_use.get(value, 0)
        )
        % {"basis": label, "count": in_use.get(value, 0)}
        for value, label in Contact.LegalBasis.choices
    ]
    if retention_months:
        retention = [
            _(
                "Kept for %(months)s months after the last contact (the municipality's "
                "retention rule under the public records law); then erased on request."
            )
            % {"months": retention_months}
        ]
    else:
        retention = [
            _(
                "No retention rule is set: a contact is erased on request or when no longer "
                "needed (Register settings)."
            )
        ]
    retention.append(
        _(
            "Erasure blanks the personal data in the contact and in all its earlier versions; "
            "that the contact existed is kept."
        )
    )
    active = contacts.filter(erased_at__isnull=True).count()
    return Activity(
        key="contacts",
        name=_("Contacts with partners, twin towns and institutions"),
        purposes=[
            _(
                "Keeping lasting contacts with partners, twin towns, networks and institutions "
                "in the municipality's international cooperation."
            )
        ],
        data_subjects=[_("Contact persons at partners, twin towns, networks and institutions.")],
        categories=_labels(Contact, [*Contact.PERSONAL_FIELDS, "last_contact_on", "legal_basis"]),
        legal_bases=bases,
        recipients=_recipients(roles_with("samverkan.view_personal_data", municipality)),
        retention=retention,
        transfers=[_("None: the system sends contact data to no one.")],
        records=ngettext("%(count)s contact", "%(count)s contacts", active) % {"count": active},
    )


def _private_partners(municipality: Municipality) -> Activity:
    count = (
        Partner.objects.for_municipality(municipality)
        .filter(kind__in=Partner.PERSONAL_KINDS)
        .count()
    )
    kinds = ", ".join(
        str(label) for value, label in Partner.Kind.choices if value in Partner.PERSONAL_KINDS
    )
    return Activity(
        key="private-partners",
        name=_("Private persons as local partners"),
        purposes=[
            _(
                "Recording citizens with their own networks abroad as partners in the "
                "municipality's international work."
            )
        ],
        data_subjects=[kinds],
        categories=_labels(Partner, ["name", "country", "city", "website", "description"]),
        legal_bases=[str(Contact.LegalBasis.PUBLIC_TASK.label)],
        recipients=_recipients(roles_with("samverkan.view_personal_data", municipality)),
        retention=[_("Until the partner is deleted; never shown to the public.")],
        transfers=[_("None: the system sends this data to no one.")],
        records=ngettext("%(count)s person", "%(count)s persons", count) % {"count": count},
    )


def _users(municipality: Municipality) -> Activity:
    User = get_user_model()
    count = RoleAssignment.objects.for_municipality(municipality).count()
    recipients = [
        _("The municipality's administrators: %(roles)s.")
        % {"roles": ", ".join(roles_with("samverkan.manage_users", municipality))},
        _("The operator of the platform (server administration and backups)."),
    ]
    if settings.EMAIL_HOST and "smtp" in settings.EMAIL_BACKEND:
        recipients.append(
            _("The e-mail server %(host)s, for invitations and reminders.")
            % {"host": settings.EMAIL_HOST}
        )
    if settings.OIDC_RP_CLIENT_ID:
        recipients.append(_("The sign-in provider (single sign-on)."))
    return Activity(
        key="users",
        name=_("Users, roles and sign-in"),
        purposes=[
            _("Signing in, giving each person the permissions of their role."),
            _("Recording who changed what and when (the history of every record)."),
            _("Sending invitations and reminders of deadlines by e-mail."),
        ],
        data_subjects=[_("Employees and elected officials of the municipality with an account.")],
        categories=[
            *_labels(User, ["first_name", "last_name", "email", "username", "last_login"]),
            _("Role and committees"),
            _("Failed sign-ins with the address they came from"),
            _("Second-factor devices, API keys and calendar feed addresses"),
            _("The person who made each change, in the history of the records"),
        ],
        legal_bases=[str(Contact.LegalBasis.PUBLIC_TASK.label)],
        recipients=recipients,
        retention=[
            _("An account is kept until the administrator deactivates it."),
            _(
                "A session ends after %(idle)s minutes without activity and %(hours)s hours "
                "after signing in."
            )
            % {
                "idle": settings.SAMVERKAN_SESSION_IDLE_MINUTES,
                "hours": settings.SAMVERKAN_SESSION_MAX_HOURS,
            },
            _("The history of a record is kept as long as the record."),
        ],
        transfers=[_("None by the system itself; see the recipients for the services it uses.")],
        records=ngettext("%(count)s person", "%(count)s persons", count) % {"count": count},
    )


def security_measures() -> list[str]:
    """Art. 30(1) g: the technical and organisational measures, as this site is set up."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    measures = [
        _(
            "Each person sees only their own municipality's records, and only what their "
            "role allows; personal data only for the roles named above."
        ),
        _(
            "Every change is recorded with who made it and when; deleted records go to a "
            "trash from which the administrator can restore them."
        ),
        _("Signing in is locked for %(minutes)s minutes after %(count)s wrong passwords.")
        % {"minutes": minutes, "count": settings.AXES_FAILURE_LIMIT},
        _(
            "A session ends after %(idle)s minutes without activity and %(hours)s hours "
            "after signing in."
        )
        % {
            "idle": settings.SAMVERKAN_SESSION_IDLE_MINUTES,
            "hours": settings.SAMVERKAN_SESSION_MAX_HOURS,
        },
    ]
    if settings.SAMVERKAN_MFA_FOR_ADMINISTRATORS:
        measures.append(_("Administrators who sign in with a password give a second factor."))
    if settings.OIDC_RP_CLIENT_ID:
        measures.append(_("Staff sign in with the municipality's own account (single sign-on)."))
    if settings.SESSION_COOKIE_SECURE and settings.SECURE_HSTS_SECONDS:
        measures.append(
            _("The site is reached only over HTTPS (secure cookies, HSTS for %(days)s days).")
            % {"days": settings.SECURE_HSTS_SECONDS // 86400}
        )
    else:
        measures.append(_("Warning: this site is not set up for HTTPS only (docs/production.md)."))
    measures += [
        _("A Content Security Policy lets browsers run only the site's own scripts and styles."),
        _(
            "Uploaded files are checked by their content (no executables, no macros), at "
            "most %(mb)s MB, and served only to those who may see the record."
        )
        % {"mb": settings.SAMVERKAN_MAX_UPLOAD_MB},
        _(
            "The database and the uploaded files are backed up with `samverkan backup` "
            "(by the platform's operator)."
        ),
    ]
    return measures


def record_of_processing(municipality: Municipality) -> Record:
    register = RegisterSettings.for_municipality(municipality)
    return Record(
        municipality=municipality,
        generated_at=timezone.now(),
        activities=[
            _contacts(municipality, register.contact_retention_months),
            _private_partners(municipality),
            _users(municipality),
        ],
        security=security_measures(),
    )
