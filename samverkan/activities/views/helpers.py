"""Small helpers shared by the activity, training and resource pages."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from samverkan.organisation import tenancy
from samverkan.organisation.models import Body
from samverkan.organisation.rules import role_of
from samverkan.registry.files import check_upload
from samverkan.registry.forms import ScopedForm

from ..models import ActivityAttachment


def url_or_none(name: str, *args) -> str | None:
    """The URL named `name`, or None while the page does not exist (another part's work)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def committee_choices_for(request, record) -> QuerySet | None:
    """The bodies a user may choose as a record's committee; None means any of the municipality.

    Administrators and coordinators choose any body; a committee editor only their own
    committees, so that what they create is theirs to change afterwards.
    """
    if request.user.has_perm("samverkan.manage_structure", record):
        return None
    role = role_of(request.user, record)
    own = [c.pk for c in role.committees.all()] if role else []
    return tenancy.scoped(request, Body).filter(pk__in=own)


def limit_committee_field(request, form, field_name: str) -> None:
    bodies = committee_choices_for(request, form.instance)
    if bodies is None:
        return
    field = form.fields[field_name]
    field.queryset = field.queryset.filter(pk__in=bodies.values("pk"))
    field.required = True
    field.empty_label = None


def sort_context(querystring, sorts: dict, current: str) -> dict:
    """Sortable column headers and the sort menu for list_controls.html.

    `querystring(sort=...)` builds the link (lib.listing.Listing.querystring).
    """
    links = {}
    options = []
    for key, label in sorts.items():
        is_current = current.lstrip("-") == key
        descending = is_current and current.startswith("-")
        target = key if (not is_current or descending) else f"-{key}"
        links[key] = {
            "url": "?" + querystring(sort=target),
            "current": is_current,
            "direction": ("descending" if descending else "ascending") if is_current else "",
        }
        options.append((key, _("%(label)s, ascending") % {"label": label}))
        options.append((f"-{key}", _("%(label)s, descending") % {"label": label}))
    return {"sort_links": links, "sort_options": options, "sort": current}


class ActivityAttachmentForm(ScopedForm):
    """A file on an activity; its type is read from its content and its size checked."""

    class Meta(ScopedForm.Meta):
        model = ActivityAttachment
        fields = ["title", "file", "is_public"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.instance.content_type = check_upload(upload)
            self.instance.original_name = upload.name[:255]
            self.instance.size = upload.size
        return upload


def max_upload_mb() -> int:
    return settings.SAMVERKAN_MAX_UPLOAD_MB


def can_create(request, make) -> bool:
    """Whether the user may create a record that `make(body)` builds for some body.

    A committee editor may add only their own committees' records, so a blank record
    (no committee yet) is not enough to decide: try each of their committees.
    """
    user = request.user
    if user.has_perm("samverkan.add_record", make(None)):
        return True
    bodies = committee_choices_for(request, make(None))
    return bodies is not None and any(
        user.has_perm("samverkan.add_record", make(body)) for body in bodies
    )


def require_create(request, make) -> None:
    if not can_create(request, make):
        raise PermissionDenied
