"""Changes of a municipality's policy: loading (or updating) its policy pack."""

from django.db import transaction

from samverkan.lib.actions import authorize

from .pack import PolicyPack, apply_pack


@transaction.atomic
def load_policy(pack: PolicyPack, municipality, *, acting_user, source_file: str = ""):
    """Create or update the municipality's policy document, clauses, decision rules and
    indicators from `pack` (running it twice changes nothing)."""
    authorize(acting_user, "samverkan.manage_structure", municipality)
    return apply_pack(pack, municipality, source_file=source_file)
