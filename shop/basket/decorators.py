"""Guests must log in before they add to the cart, and come back to the artwork afterwards."""

from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, resolve_url
from oscar.core.loading import get_model


def login_to_add(view):
    """Send a guest to the login page with `?next=` pointing back at the artwork they wanted.

    Add-to-cart is a POST, so returning to its own URL after login would fail; the artwork's
    page is where the visitor was.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        Product = get_model("catalogue", "Product")
        artwork = Product.objects.filter(pk=kwargs.get("pk")).first()
        back_to = artwork.get_absolute_url() if artwork else resolve_url("catalogue:index")
        messages.info(request, "Log in or create an account to add artworks to your cart.")
        return redirect(f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': back_to})}")

    return guarded
