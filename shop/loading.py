"""Oscar's class loader, minus the haystack modules behind Oscar's search app.

It lives in the shop layer, beside the Oscar forks it loads for, not in `search/`: every layer
from the shop up resolves classes through it, and the top layer is imported by none below it.
It names the `search` label as text only; it imports nothing from there until Oscar asks.
"""

from importlib import import_module

from oscar.core.exceptions import ClassNotFoundError
from oscar.core.loading import default_class_loader


def class_loader(module_label, classnames, module_prefix):
    """Resolve `search.*` classes from our fork only.

    Oscar's loader always imports its own module first, and `oscar.apps.search.*` imports
    haystack, which refuses to load unconfigured. Our fork replaces that app whole, so its
    classes come from `search.*` alone; everything else loads exactly as Oscar would.
    """
    if module_label.split(".")[0] != "search":
        return default_class_loader(module_label, classnames, module_prefix)
    module = import_module(module_label)
    try:
        return [getattr(module, name) for name in classnames]
    except AttributeError as missing:
        raise ClassNotFoundError(f"{module_label} has no {missing.name}") from missing
