def tenant(request):
    return {
        "municipality": getattr(request, "municipality", None),
        "role_assignment": getattr(request, "role_assignment", None),
    }
