from django.core.management import call_command

from samverkan.organisation.models import County, Municipality


def test_load_municipalities_loads_all_and_is_idempotent(db, capsys):
    call_command("load_municipalities")
    call_command("load_municipalities")
    assert County.objects.count() == 21
    assert Municipality.objects.count() == 290
    motala = Municipality.objects.get(code="0583")
    assert (motala.name, motala.county.name) == ("Motala", "Östergötlands län")
    assert Municipality.objects.get(code="2080").name == "Falun"
    assert Municipality.objects.get(code="0114").code == "0114"  # leading zero kept
    assert "290 municipalities" in capsys.readouterr().out


def test_demo_data_prints_logins_and_is_idempotent(db, capsys):
    call_command("demo_data")
    call_command("demo_data")
    out = capsys.readouterr().out
    for username in [
        "admin",
        "coordinator",
        "editor",
        "registrar",
        "reader",
        "vadstena-coordinator",
        "operator",
    ]:
        assert username in out
    from django.contrib.auth import get_user_model

    assert get_user_model().objects.count() == 7
    # Only the platform operator is a superuser; no municipality's administrator is.
    assert list(
        get_user_model().objects.filter(is_superuser=True).values_list("username", flat=True)
    ) == ["operator"]
    call_command("demo_data", "--if-empty")
    assert "left as it is" in capsys.readouterr().out
