"""Production installs requirements.txt alone: everything the application imports must be pinned there.

A module only the dev requirements bring (pytest, factory helpers, localstripe…) imported by app code
would pass every test here and fail on the first production start-up.
"""

import ast
import re
import sys
from importlib.metadata import packages_distributions
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
FIRST_PARTY = ("artiqo", "home", "artists", "shop", "search")
TEST_ONLY = {"testing.py", "conftest.py"}


def application_modules() -> list[Path]:
    return [
        path
        for package in FIRST_PARTY
        for path in (ROOT / package).rglob("*.py")
        if "tests" not in path.relative_to(ROOT).parts and path.name not in TEST_ONLY
    ]


def imported_names(path: Path) -> set[str]:
    """Top-level names of every absolute import in the module, at any depth (imports inside functions too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def named_in_settings() -> set[str]:
    """Packages the settings name by dotted path instead of importing: apps, middleware, backends."""
    paths = [*settings.INSTALLED_APPS, *settings.MIDDLEWARE, *(cache["BACKEND"] for cache in settings.CACHES.values())]
    paths += [storage["BACKEND"] for storage in settings.STORAGES.values()]
    return {path.split(".")[0] for path in paths}


def normalized(distribution: str) -> str:
    return re.sub(r"[-_.]+", "-", distribution).lower()


def pinned_distributions() -> set[str]:
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==", (ROOT / "requirements.txt").read_text(), re.M)
    return {normalized(name) for name in pins}


def test_every_third_party_module_the_application_imports_is_pinned_in_requirements_txt():
    third_party = set().union(*(imported_names(path) for path in application_modules()), named_in_settings())
    third_party -= set(sys.stdlib_module_names) | set(FIRST_PARTY) | {"__future__"}
    providers = packages_distributions()
    pinned = pinned_distributions()

    unpinned = {
        module: providers.get(module, ["(no installed distribution)"])
        for module in sorted(third_party)
        if not {normalized(name) for name in providers.get(module, [])} & pinned
    }

    assert len(third_party) > 20  # the walk found the application's imports
    assert unpinned == {}, "imported by the application but missing from requirements.txt"
