"""Browser security headers: the Content-Security-Policy of the shop and of the admin screens, and
the Permissions-Policy. Kept apart from base.py, which imports them, because they are long and
change together.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE


def _origin(url: str) -> list[str]:
    """The origin of an absolute STATIC_URL/MEDIA_URL (files on a CDN or a bucket); none for a path."""
    parts = url.split("/")
    return ["/".join(parts[:3])] if url.startswith(("http://", "https://")) else []


def content_security_policies(static_url: str, media_url: str) -> tuple[dict, dict]:
    """(CONTENT_SECURITY_POLICY, ADMIN_CONTENT_SECURITY_POLICY) for where static and media files live."""
    own_files = [SELF, *_origin(static_url)]
    # Uploaded media (a bucket when MEDIA_STORAGE=s3) is only ever shown as pictures: its origin may
    # serve images, never script, style or fonts, since uploaders put files there.
    pictures = [*own_files, *_origin(media_url), "data:"]  # data: the stylesheet's select arrow (inline SVG)
    # django-csp 4 (Django 5.2 has no CSP of its own). The shop's policy: Artiqo's own files only, no
    # inline script or style, no eval, no plugins, not framed elsewhere. The payment page adds
    # Stripe.js and its frames itself (shop.payment.views), so no other page can load them.
    shop = {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": own_files,
            "style-src": own_files,
            "img-src": pictures,
            "font-src": own_files,
            "connect-src": [SELF],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [NONE],  # as X-Frame-Options DENY: nobody frames the shop
        },
    }
    # Wagtail's admin (/cms/, the artists' studio), Oscar's dashboard and Django's admin still render
    # inline <script> and style attributes in their own templates: these directives replace the
    # shop's on those paths only (artiqo.content_security).
    admin = {
        "URL_PREFIXES": ["/cms/", "/dashboard/", "/django-admin/"],
        "DIRECTIVES": {
            "script-src": [*own_files, UNSAFE_INLINE],
            "style-src": [*own_files, UNSAFE_INLINE],
            "img-src": [*pictures, "blob:"],
            "frame-src": [SELF],
            "frame-ancestors": [SELF],  # Wagtail's live preview frames the admin's own preview view
        },
    }
    return shop, admin


# Powerful browser features nobody on the marketplace needs are off for every page and frame.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "autoplay": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "usb": [],
}
