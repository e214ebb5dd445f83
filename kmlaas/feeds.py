"""The base of every section's RSS and Atom feed: one class serves both
formats, and items are dated by when they went up and when they last changed."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed


class SectionFeed(Feed):
    """`Latest()` serves RSS, `Latest(atom=True)` the same items as Atom. Subclasses
    name the fields that date an item when they are not publish_at/updated_at."""

    published = "publish_at"
    updated = "updated_at"  # None for items that are never revised

    def __init__(self, atom=False):
        if atom:
            self.feed_type = Atom1Feed

    def subtitle(self, obj):
        # Atom has no description; RSS has no subtitle: one text for both.
        return self._get_dynamic_attr("description", obj)

    def item_description(self, item):
        return item.summary

    def item_pubdate(self, item):
        return getattr(item, self.published)

    def item_updateddate(self, item):
        return getattr(item, self.updated) if self.updated else None
