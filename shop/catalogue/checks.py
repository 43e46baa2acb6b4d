"""Deployment checks for the catalogue's caches."""

from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = ("django.core.cache.backends.locmem.LocMemCache",)


@register(Tags.caches, deploy=True)
def shared_cache_for_the_catalogue(app_configs, **kwargs):
    """Counts, facets and anonymous pages are cached under a catalogue version every process must see.

    With a cache local to each process, a sale handled by one app server process would leave the
    others serving counts and pages from before it.
    """
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL_CACHES:
        return [
            Error(
                "The default cache is local to each process, so app server processes would not see each "
                "other's catalogue changes.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1.",
                id="artiqo.E001",
            )
        ]
    return []
