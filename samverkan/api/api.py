from ninja import NinjaAPI

api = NinjaAPI(title="Samverkan API", version="1", urls_namespace="api-1")
