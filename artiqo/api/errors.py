"""One error shape for the API: `{"detail": ...}` in JSON, whatever went wrong and wherever.

Django's ValidationError from a service becomes a 400, not a 500. Paths under /api/ that no
route claims, and server errors there, answer in JSON too instead of the site's HTML pages.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

API_PREFIX = "/api/"


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
        exc = exceptions.ValidationError(detail)
    return drf_exception_handler(exc, context)


@csrf_exempt  # like every API view (JWT, no cookies): a stray POST gets this 404, not the CSRF page
def unknown_api_path(request, *args, **kwargs):
    """The last route under /api/: before Wagtail's catch-all could answer with an HTML page."""
    return JsonResponse({"detail": f"No API endpoint at {request.path}."}, status=404)


def page_not_found(request, exception=None):
    """handler404: JSON under /api/ (a view raised Http404 outside DRF), the site's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return unknown_api_path(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """handler500: JSON under /api/, the site's page elsewhere."""
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": "Server error: it has been logged."}, status=500)
    return defaults.server_error(request)
