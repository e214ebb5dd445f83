# The shared building blocks each live in their own module; Django finds
# their models through this import.
from kmlaas.accounts import User  # noqa: F401
from kmlaas.attachments import Attachment  # noqa: F401
from kmlaas.pages import PolicyPage, SiteContact  # noqa: F401
from kmlaas.ratelimit import RateCounter  # noqa: F401
from kmlaas.slugs import OldSlug  # noqa: F401
from kmlaas.taxonomy import Module, Tag  # noqa: F401
