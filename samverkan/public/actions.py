"""Every change of the public side's records: what a municipality publishes (lib.actions)."""

from samverkan.lib.actions import apply_values, authorize, check_rules, save_changes, save_new

from .models import PublicationSettings

PERM = "samverkan.manage_users"  # the municipality's administrator


def save_publication_settings(
    settings: PublicationSettings, values: dict, *, expected_version=None, acting_user
) -> PublicationSettings:
    """What the municipality publishes per register; its administrator decides."""
    authorize(acting_user, PERM, settings)
    fields, _m2m = apply_values(settings, values)
    check_rules(settings)
    if settings.pk is None:
        return save_new(settings, acting_user=acting_user, perm=PERM)
    return save_changes(
        settings, fields, expected_version=expected_version, acting_user=acting_user, perm=PERM
    )
