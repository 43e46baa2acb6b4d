"""The Content-Security-Policy of each response: django-csp's middleware, one policy per audience.

The shop and the public pages get CONTENT_SECURITY_POLICY (settings): no inline script, nothing
from another origin; the payment view adds Stripe.js and its frames for itself (`csp_update`).
The admin screens (Wagtail's /cms/, Oscar's dashboard, Django's admin) render their own
templates, which still run inline script and style, so their paths get the directives of
ADMIN_CONTENT_SECURITY_POLICY in place of the shop's (django-csp's `replace`), and nothing else.
"""

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, extended the documented way (get_policy_parts) for the admin paths."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        admin = settings.ADMIN_CONTENT_SECURITY_POLICY
        if not report_only and request.path_info.startswith(tuple(admin["URL_PREFIXES"])):
            # A view's own csp_replace still wins over the admin defaults.
            parts.replace = {**admin["DIRECTIVES"], **(parts.replace or {})}
        return parts
