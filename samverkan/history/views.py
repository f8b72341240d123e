from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from samverkan.lib import scoping
from samverkan.lib.views import paginate, require

from . import actions
from .actions import RestoreConflict
from .models import DeletedRecord


@login_required
def trash(request):
    require(request, "samverkan.restore_record", request.municipality)
    entries = scoping.scoped(request, DeletedRecord).in_trash().select_related("deleted_by")
    return TemplateResponse(request, "history/trash.html", {"page": paginate(request, entries)})


@login_required
@require_POST
def restore(request, pk):
    entry = scoping.get_for(
        request,
        DeletedRecord,
        pk,
        queryset=scoping.scoped(request, DeletedRecord).in_trash(),
        perm="samverkan.restore_record",
    )
    try:
        actions.restore(entry, acting_user=request.user)
    except RestoreConflict:
        messages.error(
            request,
            _("%(record)s could not be restored: a record with the same identity exists now.")
            % {"record": entry.object_repr},
        )
    else:
        messages.success(request, _("%(record)s was restored.") % {"record": entry.object_repr})
    return redirect("trash")
