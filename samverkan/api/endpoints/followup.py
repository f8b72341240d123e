"""API routers of the followup app; api.py mounts every router listed here."""

routers: list = []
