from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "samverkan.organisation"
    verbose_name = _("Organisation")

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models import F
        from django.db.models.signals import m2m_changed

        from samverkan.lib import changes, readonly, sqlite

        from .models import Municipality, RoleAssignment

        sqlite.install()
        readonly.install()
        # The data versions in the database: every process sees a change at once.
        changes.use_version_store(
            read=lambda pk: (
                Municipality.objects.filter(pk=pk).values_list("data_version", flat=True).first()
            ),
            write=lambda pk: Municipality.objects.filter(pk=pk).update(
                data_version=F("data_version") + 1
            ),
        )
        request_started.connect(changes.start_request, dispatch_uid="samverkan-versions")
        request_finished.connect(changes.end_request, dispatch_uid="samverkan-versions")
        # A role's committees are kept under the data version (tenancy.activate); the
        # actions mark the municipality when they change them, and so does any other
        # path (the operator's admin pages).
        m2m_changed.connect(
            _committees_changed,
            sender=RoleAssignment.committees.through,
            dispatch_uid="samverkan-role-committees",
        )


def _committees_changed(sender, instance, action, **kwargs):
    from samverkan.lib import changes

    if action.startswith("post_") and hasattr(instance, "municipality_id"):
        changes.municipality_changed(instance.municipality_id)
