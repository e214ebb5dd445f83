"""Who may moderate: department staff (is_staff) or members of the
webboard moderators' group (made with the other staff roles by the migration
kmlaas/members/migrations/0002_roles.py). Nobody can give themselves either: the profile form has
no such field and only admins edit users and groups."""

MODERATORS_GROUP = "ผู้ดูแลเว็บบอร์ด"


def is_moderator(user):
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    # One query per request at most, whatever the page asks.
    if not hasattr(user, "_is_moderator"):
        user._is_moderator = user.groups.filter(name=MODERATORS_GROUP).exists()
    return user._is_moderator


def is_verified(user):
    """A member may post once they have confirmed an e-mail address."""
    if not user.is_authenticated:
        return False
    if not hasattr(user, "_is_verified"):
        from allauth.account.models import EmailAddress

        user._is_verified = EmailAddress.objects.filter(user=user, verified=True).exists()
    return user._is_verified
