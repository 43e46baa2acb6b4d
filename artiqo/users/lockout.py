"""What a locked-out login sees (JSON on the API, a page on the site; 429 on both), and whose address counts."""

import ipaddress

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from rest_framework.throttling import BaseThrottle


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


def client_address(request) -> str | None:
    """The address django-axes counts failed logins under (AXES_CLIENT_IP_CALLABLE).

    One rule with the API's throttles: DRF's, configured by NUM_PROXIES = TRUSTED_PROXY_COUNT.
    With no trusted proxy X-Forwarded-For is ignored; behind N proxies the N-th address from the
    right is the client's. Whatever that yields must be an IP address, or the connection's own
    address is used: a header can never put arbitrary text into the lockout records.
    """
    address = BaseThrottle().get_ident(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return request.META.get("REMOTE_ADDR")
