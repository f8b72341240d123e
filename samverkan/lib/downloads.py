"""A download's file name in the reader's language ("aktiviteter-2026-12-03.xlsx" in Swedish,
"activities-2026-12-03.xlsx" in English)."""

from django.utils.text import slugify
from django.utils.translation import pgettext_lazy

# The words of file names, translated with the context "file name" (lowercase, no spaces).
ACTIVITIES = pgettext_lazy("file name", "activities")
REPORT = pgettext_lazy("file name", "international-cooperation")
CONTACT = pgettext_lazy("file name", "contact")
TWIN_TOWNS = pgettext_lazy("file name", "twin-towns")


def download_name(*parts, extension: str) -> str:
    """`parts` (words, names, years) made safe for a file name, joined by hyphens.

    ASCII only ("vänorter" → "vanorter"): every browser and mail program reads it.
    """
    stem = "-".join(filter(None, (slugify(str(part)) for part in parts)))
    return f"{stem}.{extension}"


def attachment(*parts, extension: str) -> str:
    """The Content-Disposition of a download named by `download_name`."""
    return f'attachment; filename="{download_name(*parts, extension=extension)}"'
