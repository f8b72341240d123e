"""API routers of the followup app (accounts)."""

routers: list = []
