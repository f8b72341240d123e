"""Named changes to API tokens: the management commands and the tests go through these."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ApiToken

TOKEN_MARK = "svk_"
PREFIX_LENGTH = len(TOKEN_MARK) + 8
# Writing last_used_at on every request would turn each read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_key(raw: str) -> str:
    """The stored form of a token. A token is 256 random bits, so no salt is needed."""
    return hashlib.sha256(raw.encode()).hexdigest()


# How long a token lives unless its maker chooses otherwise, and the longest allowed.
DEFAULT_LIFETIME_DAYS = 90
MAX_LIFETIME_DAYS = 365


class TokenError(Exception):
    """A token that cannot be made as asked; the message says why."""


@transaction.atomic
def create_token(
    user, *, name: str = "", days: int = DEFAULT_LIFETIME_DAYS
) -> tuple[ApiToken, str]:
    """Make a token for `user` that expires in `days`; returns the row and the token,
    which is never stored."""
    if not 1 <= days <= MAX_LIFETIME_DAYS:
        raise TokenError(
            _("A token lives between 1 and %(max)s days.") % {"max": MAX_LIFETIME_DAYS}
        )
    if not user.is_active:
        raise TokenError(_("An inactive user gets no token."))
    raw = TOKEN_MARK + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=raw[:PREFIX_LENGTH],
        key_hash=hash_key(raw),
        expires_at=timezone.now() + timedelta(days=days),
    )
    return token, raw


def revoke_user_tokens(user) -> int:
    """Revoke every token of `user` (a leaver's tokens die with the account)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def revoke_token(token: ApiToken) -> bool:
    """Revoke `token` for good; returns False when it was already revoked."""
    revoked = ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    token.refresh_from_db(fields=["revoked_at"])
    return bool(revoked)


def authenticate_token(raw: str) -> ApiToken | None:
    """The active token `raw` stands for (with its user), or None."""
    if not raw.startswith(TOKEN_MARK):
        return None
    token = ApiToken.objects.active().select_related("user").filter(key_hash=hash_key(raw)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
