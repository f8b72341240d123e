from .sections import SECTIONS


def sections(request):
    """The policy's chapters, for the navigation of every page."""
    return {"policy_sections": SECTIONS}
