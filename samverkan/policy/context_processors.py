from django.utils.functional import SimpleLazyObject

from .sections import Terms


def terms(request):
    """`terms`: the words of the municipality's policy for the interface (no query)."""
    municipality = getattr(request, "municipality", None)
    return {"terms": SimpleLazyObject(lambda: Terms(municipality))}
