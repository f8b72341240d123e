"""Every error the API gives is JSON with a "message" (and "errors" for bad input).

400 bad input, 401 not signed in, 403 refused, 404 missing (or another
municipality's), 409 changed by someone else or still in use, 413 a body too large,
503 (with Retry-After) a change refused because the data folder is read-only or full
(samverkan.lib.readonly).
Text no database can store (NUL, lone surrogates) is refused before the endpoint runs,
with the same 400 body (samverkan.lib.inputs).
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404, JsonResponse, RawPostDataException
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError, ValidationError

from samverkan.lib import readonly
from samverkan.lib.actions import RuleViolation, StillInUse, VersionConflict
from samverkan.lib.inputs import invalid_input_body

logger = logging.getLogger("django.request")


class InvalidInputError(Exception):
    """Input that is well formed but breaks a rule; `errors` holds (field, message) pairs."""

    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


def form_errors(form) -> list[tuple[str, str]]:
    return [
        (field if field != "__all__" else "", message)
        for field, messages in form.errors.items()
        for message in messages
    ]


def _field_path(loc) -> str:
    # ninja reports ["body", "<parameter>", "name"], ["query", "kind"] or ["form", "title"];
    # callers know only the JSON field, the query parameter or the multipart field.
    parts = [str(part) for part in loc]
    if parts and parts[0] == "body":
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    elif parts and parts[0] in {"query", "path", "header", "cookie", "form", "file"}:
        parts = parts[1:]
    return ".".join(parts)


def _ninja_message(exc) -> str:
    # ninja's own messages, in words that say what to do and through gettext.
    known = {
        (403, "CSRF check Failed"): _(
            "The CSRF check failed: send the CSRF token with the session, or use a bearer token."
        ),
        (400, "Cannot parse request body"): _("The request body is not valid JSON."),
    }
    return known.get((exc.status_code, str(exc)), str(exc))


def install(api) -> None:
    """Register the handlers on `api` (ninja's defaults answer 422 and "detail")."""

    def respond(request, status, body, **headers):
        response = api.create_response(request, body, status=status)
        for name, value in headers.items():
            response[name] = value
        return response

    @api.exception_handler(ValidationError)
    def validation_error(request, exc):
        errors = [(_field_path(error.get("loc", ())), error.get("msg", "")) for error in exc.errors]
        return respond(request, 400, invalid_input_body(errors))

    @api.exception_handler(InvalidInputError)
    def invalid_input(request, exc):
        return respond(request, 400, invalid_input_body(exc.errors))

    @api.exception_handler(RuleViolation)
    def rule_violation(request, exc):
        return respond(request, 400, invalid_input_body(exc.errors))

    @api.exception_handler(StillInUse)
    def still_in_use(request, exc):
        return respond(request, 409, {"message": exc.message})

    @api.exception_handler(VersionConflict)
    def version_conflict(request, exc):
        return respond(
            request,
            409,
            {
                "message": _(
                    "Someone else changed this record: it is now at version %(current)s. "
                    "Read it again and repeat your change."
                )
                % {"current": exc.current.version}
            },
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request, exc):
        message = exc.message
        if message == AuthenticationError().message:
            message = _("Sign in or send a valid token: Authorization: Bearer <token>.")
        return respond(request, 401, {"message": message}, **{"WWW-Authenticate": "Bearer"})

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return respond(request, exc.status_code, {"message": _ninja_message(exc)})

    @api.exception_handler(PermissionDenied)
    def permission_denied(request, exc):
        return respond(request, 403, {"message": str(exc) or _("You may not do this.")})

    @api.exception_handler(Http404)
    def not_found(request, exc):
        # The same answer for a missing record and another municipality's.
        return respond(request, 404, {"message": _("Not found.")})

    @api.exception_handler(RequestDataTooBig)
    def too_large(request, exc):
        return respond(request, 413, {"message": _("The request is too large.")})

    @api.exception_handler(MultiPartParserError)
    def bad_multipart(request, exc):
        return respond(request, 400, {"message": _("The request is not valid.")})

    @api.exception_handler(RawPostDataException)
    def form_where_json_expected(request, exc):
        # A form (multipart) body sent to an endpoint that reads JSON: the form was parsed
        # already (samverkan.lib.inputs checked its fields), so the raw body is gone.
        return respond(request, 400, {"message": _("The request body is not valid JSON.")})

    @api.exception_handler(SuspiciousOperation)
    def suspicious(request, exc):
        return respond(request, 400, {"message": _("The request is not valid.")})

    @api.exception_handler(Exception)
    def server_error(request, exc):
        if readonly.is_storage_failure(exc):
            # A read-only or full data folder: 503 with a message, nothing written.
            logger.warning("Change refused (%s %s): %s", request.method, request.path, exc)
            return respond(
                request,
                503,
                {"message": readonly.message()},
                **{"Retry-After": str(readonly.RETRY_AFTER_SECONDS)},
            )
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return respond(request, 500, {"message": _("Something went wrong on our side.")})


def not_found_view(request, *args, **kwargs):
    """For URLs under the API that match no endpoint: JSON, like every other API error."""
    return JsonResponse({"message": _("Not found.")}, status=404)
