"""Single sign-on with the municipality's identity provider (OpenID Connect, through
mozilla-django-oidc): Entra ID, ADFS or any other provider.

People are matched by the claim SAMVERKAN_OIDC_USERNAME_CLAIM (e-mail by default) or get
an account on their first sign-in, without any role: a person without a role sees a page
that says so. Optionally the provider's groups give roles (SAMVERKAN_OIDC_ROLE_MAP,
"group=municipality code:role" separated by ";"). The second factor is the provider's.
"""

import logging

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from samverkan.lib.actions import SYSTEM, stamp

from . import actions
from .backends import user_with_roles
from .models import Municipality, Role, RoleAssignment

logger = logging.getLogger(__name__)


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def role_map() -> list[tuple[str, str, str]]:
    """(group, municipality code, role) from SAMVERKAN_OIDC_ROLE_MAP."""
    rules = []
    for item in settings.SAMVERKAN_OIDC_ROLE_MAP.split(";"):
        if not item.strip():
            continue
        group, _sep, target = item.partition("=")
        code, _sep, role = target.partition(":")
        if not (group.strip() and code.strip() and role.strip() in Role.values):
            raise ImproperlyConfigured(
                f"SAMVERKAN_OIDC_ROLE_MAP: {item!r} is not group=municipality code:role"
            )
        rules.append((group.strip(), code.strip(), role.strip()))
    return rules


class SignInWithProvider(OIDCAuthenticationBackend):
    def get_user(self, user_id):
        # The user with their roles in one query, as for password sign-in (backends.py).
        return user_with_roles(user_id)

    def _key(self, claims) -> str:
        return str(claims.get(settings.SAMVERKAN_OIDC_USERNAME_CLAIM) or "").strip().lower()

    def verify_claims(self, claims):
        return bool(self._key(claims))

    def describe_user_by_claims(self, claims):
        return f"{settings.SAMVERKAN_OIDC_USERNAME_CLAIM} {self._key(claims)}"

    def filter_users_by_claims(self, claims):
        key = self._key(claims)
        if settings.SAMVERKAN_OIDC_USERNAME_CLAIM == "email":
            return self.UserModel.objects.filter(email__iexact=key)
        return self.UserModel.objects.filter(username__iexact=key)

    def create_user(self, claims):
        key = self._key(claims)
        user = self.UserModel(
            username=key,
            email=str(claims.get("email") or (key if "@" in key else "")).lower(),
            first_name=str(claims.get("given_name") or "")[:150],
            last_name=str(claims.get("family_name") or "")[:150],
        )
        user.set_unusable_password()
        stamp(user, SYSTEM, "Single sign-on")
        user.save()
        self._give_roles(user, claims)
        return user

    def update_user(self, user, claims):
        self._give_roles(user, claims)
        return user

    def _give_roles(self, user, claims) -> None:
        rules = role_map()
        if not rules:
            return
        groups = claims.get(settings.SAMVERKAN_OIDC_GROUPS_CLAIM) or []
        if isinstance(groups, str):
            groups = [groups]
        for group, code, role in rules:
            if group not in groups:
                continue
            municipality = Municipality.objects.filter(code=code).first()
            if municipality is None:
                logger.warning("SAMVERKAN_OIDC_ROLE_MAP names an unknown municipality %s", code)
                continue
            current = RoleAssignment.objects.filter(user=user, municipality=municipality).first()
            if current is None:
                actions.assign_role(user, municipality, role, acting_user=SYSTEM)
            elif current.role != role and role != Role.COMMITTEE_EDITOR:
                actions.change_role(current, role=role, acting_user=SYSTEM)
