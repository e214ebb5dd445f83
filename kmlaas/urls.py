from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from downloads.sitemaps import FormSitemap
from faq.sitemaps import FaqSitemap
from kmlaas import attachments, views
from kmlaas.search import views as search_views
from kmlaas.sitemaps import PolicyPageSitemap, SectionSitemap
from manuals.sitemaps import ManualCategorySitemap, ManualSitemap
from news.sitemaps import NewsSitemap
from regulations.sitemaps import RegulationSitemap
from updates.sitemaps import UpdateSitemap
from webboard.sitemaps import RoomSitemap, ThreadSitemap

sitemaps = {"sections": SectionSitemap, "pages": PolicyPageSitemap, "regulations": RegulationSitemap}
sitemaps |= {"faq": FaqSitemap, "news": NewsSitemap, "updates": UpdateSitemap}
sitemaps |= {"manuals": ManualSitemap, "manual-categories": ManualCategorySitemap, "forms": FormSitemap}
sitemaps |= {"webboard-rooms": RoomSitemap, "webboard-threads": ThreadSitemap}

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", search_views.search, name="search"),
    path("search/suggest/", search_views.suggest, name="search_suggest"),
    path("pages/<str:slug>/", views.policy_page, name="policy_page"),
    path("files/<int:pk>/<str:filename>", attachments.download, name="attachment"),
    path("robots.txt", views.robots_txt),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": sitemaps}, name="sitemap"),
    path(settings.MEDIA_URL.lstrip("/") + "editor/<str:name>", views.editor_image),
    path("manuals/", include("manuals.urls")),
    path("regulations/", include("regulations.urls")),
    path("faq/", include("faq.urls")),
    path("webboard/", include("webboard.urls")),
    path("news/", include("news.urls")),
    path("updates/", include("updates.urls")),
    path("subsidies/", include("subsidies.urls")),
    path("fiscal/", include("fiscal.urls")),
    path("downloads/", include("downloads.urls")),
    path("feedback/", include("feedback.urls")),
    path("contact/", include("contact.urls")),
    path("alerts/", include("alerts.urls")),
    path("api/", include("kmlaas.registry.api_urls")),
    path("accounts/profile/", include("kmlaas.members.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "kmlaas.views.server_error"
