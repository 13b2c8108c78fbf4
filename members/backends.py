"""The portal's login backend: Django's, except that the portal's own account
(User.objects.system()) and the accounts of API tokens (User.is_api_client)
never log in, whatever is done to them in the admin."""

from django.contrib.auth.backends import ModelBackend


def is_a_person(user) -> bool:
    """Whether `user` may have a session on the web at all: not the portal
    itself, not a machine client."""
    return not getattr(user, "is_system", False) and not getattr(
        user, "is_api_client", False
    )


class PortalModelBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        return is_a_person(user) and super().user_can_authenticate(user)
