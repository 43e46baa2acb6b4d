"""What a locked-out login sees: JSON on the API, a page on the site; 429 on both."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return (
        f"Too many failed logins for this account from your connection. "
        f"Try again in {minutes} minutes, or reset your password by email."
    )


def lockout_response(request, original_response=None, credentials=None):
    """Called by django-axes (AXES_LOCKOUT_CALLABLE) whenever a login is refused as locked out."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": lockout_message()}, status=429)
    context = {"message": lockout_message(), "failure_limit": settings.AXES_FAILURE_LIMIT}
    return render(request, "registration/lockout.html", context, status=429)
