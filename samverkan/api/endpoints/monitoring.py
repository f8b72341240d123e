"""API routers of the monitoring app; api.py mounts every router listed here."""

routers: list = []
