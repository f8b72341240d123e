"""Input checked once, before any view or the database sees it.

`InputGuardMiddleware` refuses what no database column can hold and no page needs:

- text with a NUL character (PostgreSQL refuses it in every text column and query) or a
  lone surrogate (half of a UTF-16 pair, which no UTF-8 database can store), in the query
  string, the cookies, form fields, uploaded file names and JSON bodies: 400;
- a whole number beyond PostgreSQL's bigint (no id, count or amount is that large) in
  the query string (except the free-text search `q`), form fields and JSON bodies: 400;
- a body larger than the limits (DATA_UPLOAD_MAX_MEMORY_SIZE for JSON and forms, the
  upload limit for multipart bodies): 413; a multipart body without a boundary or one
  that cannot be parsed: 400;
- a number in the address beyond what the database stores (an id past PostgreSQL's
  bigint) or a year outside the years the system knows: 404.

Pages get a plain 400 page; the API (/api/) gets the JSON error of every other API answer:
{"message": …, "errors": [{"field": …, "message": …}]}.

The bounds shared by forms and API schemas (PostgreSQL's integer, the years) are here too.
"""

import json
import re

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import Http404, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

# PostgreSQL's integer and bigint: every database holds the same numbers.
INT_MAX = 2**31 - 1
BIGINT_MAX = 2**63 - 1
# The years a record, a report or a compliance view may be about.
YEAR_MIN = 1900
YEAR_MAX = 2200

_BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
_DIGITS = re.compile(r"[0-9]+")
_INTEGER = re.compile(r"[-+]?[0-9]+")
# Free text: a long number typed into a search is text, not an id.
FREE_TEXT = {"q"}
API_PREFIX = "/api/"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def bad_text(value) -> bool:
    """True for text no database can store: a NUL character or a lone surrogate."""
    return isinstance(value, str) and _BAD_TEXT.search(value) is not None


def huge_number(value) -> bool:
    """True for a whole number (or one written as text) that no integer column can hold."""
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        text = value.strip()
        if len(text) < 19 or not _INTEGER.fullmatch(text):
            return False
        if len(text) > 40:
            return True
        value = int(text)
    return isinstance(value, int) and not -BIGINT_MAX - 1 <= value <= BIGINT_MAX


def bad_json_field(value, path: str = "") -> tuple[str, str] | None:
    """(dotted path, "text" or "number") of the first bad value in parsed JSON, or None."""
    if isinstance(value, str):
        return (path, "text") if bad_text(value) else None
    if isinstance(value, int):
        return (path, "number") if huge_number(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else str(key)
            if bad_text(key):
                return (here, "text")
            found = bad_json_field(item, here)
            if found is not None:
                return found
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found = bad_json_field(item, f"{path}.{index}" if path else str(index))
            if found is not None:
                return found
    return None


def _bad_pairs(pairs) -> tuple[str, str] | None:
    for key, values in pairs:
        if bad_text(key):
            return ("", "text")
        for value in values:
            if bad_text(value):
                return (key, "text")
            if key not in FREE_TEXT and huge_number(value):
                return (key, "number")
    return None


def is_api(request) -> bool:
    return request.path_info.startswith(API_PREFIX)


def invalid_input_body(errors: list[tuple[str, str]]) -> dict:
    """The API's answer to bad input (schemas.InvalidInput), wherever it is found."""
    return {
        "message": _("The request is not valid."),
        "errors": [{"field": field, "message": str(message)} for field, message in errors],
    }


def invalid_value(request, problem: tuple[str, str]):
    field, kind = problem
    if kind == "number":
        message = _("The number is too large.")
    else:
        message = _("The text contains a character that cannot be stored (a NUL or half a pair).")
    if is_api(request):
        return JsonResponse(invalid_input_body([(field, message)]), status=400)
    return bad_request(request)


def bad_request(request, message: str = ""):
    """400: JSON for the API, a plain page (no session or menus needed) for the site."""
    if is_api(request):
        return JsonResponse({"message": message or _("The request is not valid.")}, status=400)
    return HttpResponse(render_to_string("errors/400_plain.html"), status=400)


def too_large(request):
    message = _("The request is too large.")
    if is_api(request):
        return JsonResponse({"message": message}, status=413)
    return HttpResponse(render_to_string("errors/400_plain.html", {"message": message}), status=413)


def not_found(request):
    if is_api(request):
        return JsonResponse({"message": _("Not found.")}, status=404)
    raise Http404


def body_limit(request) -> int | None:
    """The largest body accepted: uploads may be as large as the upload limit allows."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None:
        return None
    if request.content_type == "multipart/form-data":
        return limit + getattr(settings, "SAMVERKAN_MAX_UPLOAD_MB", 20) * 1024 * 1024
    return limit


def out_of_bounds(name: str, value) -> bool:
    """A number in the address that no record can have (ids and years)."""
    if isinstance(value, str):
        if not _DIGITS.fullmatch(value) or (name != "year" and len(value) < 19):
            return False
        value = int(value) if len(value) <= 30 else BIGINT_MAX + 1
    if not isinstance(value, int) or isinstance(value, bool):
        return False
    if name == "year":
        return not YEAR_MIN <= value <= YEAR_MAX
    return not -BIGINT_MAX - 1 <= value <= BIGINT_MAX


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.check(request) or self.get_response(request)

    def check(self, request):
        if bad_text(request.path_info):
            return bad_request(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request)
        limit = body_limit(request)
        if length < 0:
            return bad_request(request)
        if limit is not None and length > limit:
            return too_large(request)
        try:
            problem = _bad_pairs(request.GET.lists())
        except SuspiciousOperation:  # too many fields
            return bad_request(request)
        if problem is not None:
            return invalid_value(request, problem)
        if any(bad_text(key) or bad_text(value) for key, value in request.COOKIES.items()):
            return bad_request(request)
        if request.method in UNSAFE_METHODS and length:
            return self.check_body(request)
        return None

    def check_body(self, request):
        content_type = request.content_type or ""
        try:
            if content_type == "multipart/form-data":
                if not request.content_params.get("boundary"):
                    return bad_request(request, _("The multipart body has no boundary."))
                if request.method != "POST":
                    return None
                problem = _bad_pairs(request.POST.lists())
                if problem is None:
                    for name, files in request.FILES.lists():
                        if any(bad_text(upload.name) for upload in files):
                            problem = (name, "text")
                            break
            elif content_type == "application/x-www-form-urlencoded":
                if request.method != "POST":
                    return None
                problem = _bad_pairs(request.POST.lists())
            elif content_type.endswith("json"):
                try:
                    problem = bad_json_field(json.loads(request.body))
                except ValueError:
                    return None  # the endpoint says the body is not valid JSON
                except RecursionError:
                    return bad_request(request)
            else:
                return None
        except RequestDataTooBig:
            return too_large(request)
        except (MultiPartParserError, SuspiciousOperation):
            return bad_request(request)
        if problem is not None:
            return invalid_value(request, problem)
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        for name, value in view_kwargs.items():
            if out_of_bounds(name, value):
                return not_found(request)
        return None

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return too_large(request)
        if isinstance(exception, MultiPartParserError):
            return bad_request(request)
        return None
