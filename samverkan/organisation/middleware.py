from . import tenancy


class TenantMiddleware:
    """Gives every request its municipality (from the signed-in user's role)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenancy.activate(request, request.user)
        return self.get_response(request)
