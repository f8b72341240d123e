from samverkan.policy.sections import SECTIONS


def tenant(request):
    return {
        "municipality": getattr(request, "municipality", None),
        "membership": getattr(request, "membership", None),
        "policy_sections": SECTIONS,
    }
