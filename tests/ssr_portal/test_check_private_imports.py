"""The check of `make lint` that no module imports another module's private names
(ssr_portal/lib/check_private_imports.py)."""

from ssr_portal.lib.check_private_imports import problems


def _module(tmp_path, name: str, text: str):
    path = tmp_path / "app" / name
    path.parent.mkdir(exist_ok=True)
    (tmp_path / "app" / "__init__.py").touch()
    path.write_text(text)
    return path


def test_a_private_name_imported_from_another_module_is_reported(tmp_path):
    _module(tmp_path, "helpers.py", "def _secret():\n    return 1\n")
    user = _module(tmp_path, "views.py", "from .helpers import _secret, public\n")

    found = problems(user)

    assert len(found) == 1
    assert "imports the private name _secret of .helpers" in found[0]


def test_a_private_name_used_through_an_imported_module_is_reported(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    _module(tmp_path, "helpers.py", "def _secret():\n    return 1\n")
    user = _module(tmp_path, "views.py", "from . import helpers\n\nhelpers._secret()\n")

    found = problems(user)

    assert found == [f"{user}:3: uses the private name _secret of the module helpers"]


def test_public_names_dunders_and_own_private_names_pass(tmp_path):
    user = _module(
        tmp_path,
        "views.py",
        "from .helpers import public\n"
        "from . import __version__\n\n"
        "def _own():\n    return public\n\n_own()\n",
    )

    assert problems(user) == []
