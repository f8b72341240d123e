"""API routers of the followup app (compliance)."""

routers: list = []
