from django.shortcuts import get_object_or_404
from django.urls import reverse_lazy

from kmlaas.feeds import SectionFeed
from kmlaas.slugs import find_by_slug
from webboard.models import Room, Thread


class BoardFeed(SectionFeed):
    title = "KM e-LAAS — เว็บบอร์ด"
    link = reverse_lazy("webboard:index")
    description = "กระทู้ถาม-ตอบล่าสุดเรื่องระบบบัญชีคอมพิวเตอร์ขององค์กรปกครองส่วนท้องถิ่น (e-LAAS)"
    published = "created_at"
    updated = "last_post_at"

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


class RoomFeed(BoardFeed):
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
