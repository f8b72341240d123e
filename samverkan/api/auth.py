"""Who is calling: a bearer token (scripts) or the session of a signed-in browser.

Either way the request ends up as the middleware leaves a signed-in page request:
request.user, request.municipality and request.role_assignment set by `tenancy.activate`.
"""

from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from samverkan.organisation import tenancy

from .actions import authenticate_token


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`; a wrong or revoked token is refused outright."""

    def authenticate(self, request, token):
        api_token = authenticate_token(token)
        if api_token is None:
            # Refuse here rather than return None, so that a bad token never
            # falls through to the session of the same browser.
            raise AuthenticationError(
                message=_("The token is not valid, has expired or has been revoked.")
            )
        request.user = api_token.user
        request.api_token = api_token
        tenancy.activate(request, api_token.user)
        return api_token.user


# The session check includes CSRF for unsafe methods; tokens need none.
SIGNED_IN = [TokenAuth(), SessionAuth()]
