"""The portal's login backend: Django's, except that the portal's own account
(User.objects.system()) never logs in, whatever is done to it in the admin."""

from django.contrib.auth.backends import ModelBackend


class PortalModelBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return not getattr(user, "is_system", False) and super().user_can_authenticate(
            user
        )
