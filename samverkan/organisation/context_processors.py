from django.utils.functional import SimpleLazyObject


def tenant(request):
    municipality = getattr(request, "municipality", None)

    def can_restore() -> bool:
        # Asked with the municipality, so only the role table (rules) answers: without an
        # object Django's model backend also read the user's and groups' permissions, two
        # queries on every signed-in page for a link in the footer.
        user = getattr(request, "user", None)
        return bool(
            municipality is not None
            and user is not None
            and user.has_perm("samverkan.restore_record", municipality)
        )

    return {
        "municipality": municipality,
        "role_assignment": getattr(request, "role_assignment", None),
        "can_restore": SimpleLazyObject(can_restore),
    }
