from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy
from django.utils.feedgenerator import Atom1Feed

from kmlaas.slugs import find_by_slug
from webboard.models import Room, Thread


class BoardRss(Feed):
    title = "KM e-LAAS — เว็บบอร์ด"
    link = reverse_lazy("webboard:index")
    description = "กระทู้ถาม-ตอบล่าสุดเรื่องระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)"

    def threads(self):
        return Thread.objects.listed().filter(room__is_active=True)

    def items(self):
        return self.threads().select_related("first_post", "author").order_by("-created_at", "-id")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.first_post.body_html if item.first_post else ""

    def item_author_name(self, item):
        return item.author.get_short_name() if item.author else "ผู้ใช้ที่ลบบัญชีแล้ว"

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.last_post_at


class BoardAtom(BoardRss):
    feed_type = Atom1Feed
    subtitle = BoardRss.description


class RoomRss(BoardRss):
    def __call__(self, request, *args, **kwargs):
        # A feed reader subscribed under a room's old slug follows the redirect.
        _room, moved = find_by_slug(request, Room.objects.filter(is_active=True), kwargs["slug"])
        return moved or super().__call__(request, *args, **kwargs)

    def get_object(self, request, slug):
        return get_object_or_404(Room, slug=slug, is_active=True)

    def title(self, room):
        return f"KM e-LAAS — เว็บบอร์ด: {room.name}"

    def link(self, room):
        return room.get_absolute_url()

    def description(self, room):
        return room.description or room.name

    def items(self, room):
        return (
            Thread.objects.listed()
            .filter(room=room)
            .select_related("first_post", "author")
            .order_by("-created_at", "-id")[:30]
        )


class RoomAtom(RoomRss):
    feed_type = Atom1Feed

    def subtitle(self, room):
        return self.description(room)
