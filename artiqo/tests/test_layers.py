"""Dependencies point one way (ARCHITECTURE.md): no module imports a layer above it, and none imports itself back.

The layers, lowest first: `artiqo` (settings, users, the API's shared plumbing) → `home` →
`artists` → `shop` → `search`. Composition roots wire the layers together and may import any of
them: the URL maps, the demo data, Oscar's root app (which mounts every Oscar app, the search
fork included), WSGI and settings. Tests exercise the composed site and may import any layer, but
application code never imports test code.

Imports are read with `ast`, so an import inside a function counts (that is how the old
emails ↔ fulfilment cycle hid), and so do Oscar's `get_class("label.module", ...)` and
`get_model("label", ...)`, which reach another app through a string.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.apps import apps

REPO = Path(__file__).resolve().parents[2]
LAYERS = ["artiqo", "home", "artists", "shop", "search"]
TOOLS = ["bench", "scripts"]  # run from the command line, outside the site: checked for cycles only
COMPOSITION_ROOTS = ("artiqo.urls", "artiqo.api.urls", "artiqo.demo", "artiqo.wsgi", "artiqo.settings", "shop.config")
TEST_ONLY = ("artiqo.testing",)
# Oscar's loaders take "label.module" (get_class) or "label" (get_model, meaning its models).
STRING_IMPORTERS = {"get_class": "module", "get_classes": "module", "get_model": "label"}


@dataclass(frozen=True)
class Import:
    importer: str
    imported: str
    line: int
    by_registry: bool = False  # get_model(): a model looked up by label, not a module imported


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def our_modules(root: Path) -> dict[str, Path]:
    """Every Python module of ours below `root`, by dotted name; migrations only import Django."""
    modules = {}
    for top in [*LAYERS, *TOOLS]:
        for path in sorted((root / top).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[module_name(path, root)] = path
    for path in sorted(root.glob("*.py")):
        modules[module_name(path, root)] = path
    return modules


def app_label_modules() -> dict[str, str]:
    """Each installed app's label and the package it lives in; Oscar's unforked apps sit in the shop layer."""
    labels = {}
    for config in apps.get_app_configs():
        labels[config.label] = "shop" if config.name.startswith("oscar.apps.") else config.name
    return labels


def _relative(importer: str, is_package: bool, level: int, module: str | None) -> str:
    base = importer.split(".") if is_package else importer.split(".")[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([module] if module else []))


def _called(call: ast.Call) -> str | None:
    return getattr(call.func, "id", None) or getattr(call.func, "attr", None)


def imports_of(name: str, path: Path, modules: dict[str, Path], labels: dict[str, str]) -> list[Import]:
    """What one module imports among ours: statements anywhere in it, and Oscar's string lookups."""
    found = []
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        targets, by_registry = [], False
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _relative(name, is_package, node.level, node.module) if node.level else node.module
            # `from package import module` imports the module; `from module import name`, the module.
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
        elif isinstance(node, ast.Call) and _called(node) in STRING_IMPORTERS:
            first = node.args[0] if node.args else None
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                label, _, module = first.value.partition(".")
                if STRING_IMPORTERS[_called(node)] == "label":
                    module = "models"
                if label in labels:
                    targets = [f"{labels[label]}.{module}"]
                    by_registry = STRING_IMPORTERS[_called(node)] == "label"
        resolved = set()
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            if target and target != name and target not in resolved:
                resolved.add(target)
                found.append(Import(name, target, node.lineno, by_registry))
    return found


def import_graph(root: Path = REPO) -> list[Import]:
    modules = our_modules(root)
    labels = app_label_modules()
    return [found for name, path in modules.items() for found in imports_of(name, path, modules, labels)]


def is_test(module: str) -> bool:
    parts = module.split(".")
    return "tests" in parts or parts[-1].startswith("test_") or parts[-1] == "conftest" or module in TEST_ONLY


def layer_of(module: str) -> int | None:
    top = module.split(".")[0]
    return LAYERS.index(top) if top in LAYERS else None


def is_composition_root(module: str) -> bool:
    return any(module == root or module.startswith(f"{root}.") for root in COMPOSITION_ROOTS)


def layer_violations(graph: list[Import]) -> list[str]:
    wrong = []
    for found in graph:
        if is_test(found.importer):
            continue
        if is_test(found.imported):
            wrong.append(f"{found.importer}:{found.line} imports test code {found.imported}")
            continue
        if is_composition_root(found.importer):
            continue
        low, high = layer_of(found.importer), layer_of(found.imported)
        if low is not None and high is not None and high > low:
            wrong.append(f"{found.importer}:{found.line} ({LAYERS[low]}) imports {found.imported} ({LAYERS[high]})")
    return wrong


def import_cycles(graph: list[Import]) -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan), each sorted.

    Models that name each other through the registry (a product and its stock record) are not an
    import cycle: Django resolves them once every app is loaded. `get_class` does import, so it counts.
    """
    edges: dict[str, set[str]] = {}
    for found in graph:
        if found.by_registry:
            continue
        edges.setdefault(found.importer, set()).add(found.imported)
        edges.setdefault(found.imported, set())
    index, low, on_stack, stack, cycles = {}, {}, set(), [], []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in sorted(edges[module]):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(edges):
        if module not in index:
            visit(module)
    return cycles


@pytest.fixture(scope="module")
def graph() -> list[Import]:
    return import_graph()


def test_the_graph_is_read_from_the_tree(graph):
    # A reader that finds nothing would pass the checks below vacuously.
    pairs = {(found.importer, found.imported) for found in graph}
    assert ("shop.catalogue.studio.access", "artists.selling") in pairs
    assert ("shop.catalogue.services", "shop.catalogue.rules") in pairs  # a relative import
    assert ("search.views", "shop.catalogue.models") in pairs  # get_model("catalogue", ...)


def test_no_module_imports_a_layer_above_it(graph):
    assert layer_violations(graph) == []


def test_no_modules_import_each_other_round_in_a_cycle(graph):
    assert import_cycles(graph) == []


def test_the_checks_catch_an_upward_import_and_a_cycle():
    planted = [
        Import("artists.models", "shop.catalogue.models", 1),
        Import("shop.order.emails", "shop.order.fulfilment", 2),
        Import("shop.order.fulfilment", "shop.order.emails", 3),
        Import("shop.api.views", "shop.catalogue.tests.factories", 4),
    ]

    assert layer_violations(planted) == [
        "artists.models:1 (artists) imports shop.catalogue.models (shop)",
        "shop.api.views:4 imports test code shop.catalogue.tests.factories",
    ]
    assert import_cycles(planted) == [["shop.order.emails", "shop.order.fulfilment"]]
