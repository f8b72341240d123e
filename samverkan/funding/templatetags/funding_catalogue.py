"""The catalogue's words in the reader's language, for templates."""

from django import template

from samverkan.funding.catalogue import subject_area_label

register = template.Library()


@register.filter
def subject_area_labels(areas) -> list[str]:
    """Subject areas (keys or words) as the reader's language names them."""
    return [subject_area_label(area) for area in areas or []]
