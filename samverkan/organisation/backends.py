"""Signing in with a password, and reading the signed-in user with their roles at once.

Every signed-in request reads the user (Django's `get_user`) and then their roles in
municipalities (tenancy.activate): here one query gives both. Building and compiling that
query through the ORM took eight times as long as the database took to answer it, so it
is compiled once per process and database and then only run; the rows become model
instances the way Django's own iterator makes them (the compiler's converters, `from_db`,
the related populators). A user without any role is read on their own, as Django does.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db import connections, router
from django.db.models.query import get_related_populators

from .models import RoleAssignment

_NO_USER = -1  # the compiled statement's only parameter, replaced by the user's id
_compiled: dict[str, tuple] = {}


def _statement(using: str) -> tuple:
    """The roles query's statement, compiler, converters, columns and populators: made once."""
    found = _compiled.get(using)
    if found is None:
        queryset = (
            RoleAssignment.objects.filter(user_id=_NO_USER)
            .select_related("user", "municipality")
            .order_by("municipality__name")
        )
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        if list(params) != [_NO_USER]:  # pragma: no cover - a Django that compiles otherwise
            raise RuntimeError(f"The roles query has unexpected parameters: {params}")
        select, klass_info = compiler.select, compiler.klass_info
        first, last = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        names = [column[0].target.attname for column in select[first:last]]
        populators = get_related_populators(klass_info, select, using)
        converters = compiler.get_converters([column[0] for column in select])
        found = _compiled[using] = (sql, compiler, converters, (first, last), names, populators)
    return found


def roles_of(user_id) -> list[RoleAssignment]:
    """The roles of the user, municipalities and the user along, by the name of the
    municipality: one statement, compiled once."""
    using = router.db_for_read(RoleAssignment)
    sql, compiler, converters, (first, last), names, populators = _statement(using)
    with connections[using].cursor() as cursor:
        cursor.execute(sql, [user_id])
        rows = cursor.fetchall()
    if converters:
        rows = compiler.apply_converters(rows, converters)
    roles = []
    for row in rows:
        role = RoleAssignment.from_db(using, names, row[first:last])
        for populator in populators:
            populator.populate(row, role)
        roles.append(role)
    return roles


def user_with_roles(user_id):
    """The user with `user_id` and their roles (municipalities along), or None."""
    roles = roles_of(user_id)
    if not roles:
        user = get_user_model()._default_manager.filter(pk=user_id).first()
        if user is not None:
            user._samverkan_role_rows = []
        return user
    user = roles[0].user
    for role in roles:
        role.user = user  # one object for all, as the relation would give
    user._samverkan_role_rows = roles
    return user


class PasswordBackend(ModelBackend):
    """Django's ModelBackend, reading the user with their roles."""

    def get_user(self, user_id):
        user = user_with_roles(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None
