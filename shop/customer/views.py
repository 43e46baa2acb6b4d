"""Oscar's customer views, forked only where the marketplace differs."""

from oscar.apps.customer import views


class LogoutView(views.LogoutView):
    """Log out by POST only, from the header's form with its CSRF token.

    Oscar logs out on GET, so any page elsewhere (an <img> pointing here) could end a buyer's
    session; a GET now answers 405. RedirectView's post() already runs the logout.
    """

    http_method_names = ["post", "options"]
