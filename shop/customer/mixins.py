"""Oscar's registration mixin, logging the new user in without a second password check."""

from django.contrib.auth import login
from oscar.apps.customer.mixins import *  # noqa: F403
from oscar.apps.customer.mixins import RegisterUserMixin as OscarRegisterUserMixin
from oscar.apps.customer.signals import user_registered


class RegisterUserMixin(OscarRegisterUserMixin):
    def register_user(self, form):
        """Sign up through our service and log in with the backend that just verified nothing.

        Oscar re-authenticates by email here without the request, which django-axes refuses;
        the user has just chosen this password, so logging them in directly is equivalent.
        """
        user = form.save()
        user_registered.send_robust(sender=self, request=self.request, user=user)
        self.send_registration_email(user)
        login(self.request, user, backend="artiqo.users.backends.UsernameOrEmailBackend")
        return user
