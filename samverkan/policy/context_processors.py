from django.utils.functional import SimpleLazyObject

from .sections import sections_for


def sections(request):
    """The policy's chapters, for the navigation of every page (read only when shown)."""
    return {
        "policy_sections": SimpleLazyObject(
            lambda: sections_for(getattr(request, "municipality", None))
        )
    }
