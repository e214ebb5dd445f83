"""What a visitor sees when the address or a form holds what no person
types: a short 400 page, or a 404 — and nothing changed."""

import pytest

from kmlaas.members.models import Profile

BAD_REQUEST = "คำขอไม่ถูกต้อง"


@pytest.mark.django_db
class TestNulCharacter:
    @pytest.mark.parametrize(
        "url",
        [
            "/faq/topic/a%00b/",
            "/news/category/%00/",
            "/updates/module/x%00/",
            "/pages/%00/",
            "/webboard/room/%00/",
            "/fiscal/province/%00/",
            "/api/laos/%00/",
        ],
    )
    def test_a_nul_in_the_path_is_a_bad_request(self, client, url):
        response = client.get(url)
        assert response.status_code == 400
        assert BAD_REQUEST in response.content.decode()

    @pytest.mark.parametrize(
        "url",
        [
            "/subsidies/?province=%00",
            "/fiscal/?year=1%00",
            "/api/laos/?province=%00",
            "/api/transfers/?lao=%00",
            "/search/?q=%00",
            "/faq/?topic=%00",
            "/news/?category=%00",
            "/webboard/?q=%00",
            "/?%00=1",
        ],
    )
    def test_a_nul_in_the_query_string_is_a_bad_request(self, client, url):
        response = client.get(url)
        assert response.status_code == 400
        assert BAD_REQUEST in response.content.decode()

    def test_the_page_is_in_english_for_who_chose_english(self, client, settings):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = client.get("/faq/?q=%00")
        assert response.status_code == 400
        assert "Bad request" in response.content.decode()

    def test_a_nul_in_a_form_field_is_refused_and_nothing_saved(self, client, member):
        client.force_login(member)
        response = client.post(
            "/accounts/profile/",
            {"display_name": "สมชาย", "full_name": "สมชาย\x00ใจดี", "workplace": "other", "lao": "\x00"},
        )
        assert response.status_code == 400
        assert BAD_REQUEST in response.content.decode()
        assert not Profile.objects.filter(user=member).exists()

    def test_ordinary_thai_text_still_saves(self, client, member):
        client.force_login(member)
        response = client.post(
            "/accounts/profile/", {"display_name": "สมชาย", "full_name": "สมชาย ใจดี", "workplace": "other"}
        )
        assert response.status_code == 302
        assert Profile.objects.get(user=member).full_name == "สมชาย ใจดี"


@pytest.mark.django_db
class TestEditorImages:
    @pytest.mark.parametrize(
        "url",
        ["/media/editor/", "/media/editor/2026", "/media/editor/2026/", "/media/editor/2026/01/", "/media/"],
    )
    def test_a_folder_is_not_found(self, client, settings, url):
        (settings.MEDIA_ROOT / "editor" / "2026" / "01").mkdir(parents=True)
        assert client.get(url).status_code == 404

    def test_an_image_is_served(self, client, settings):
        (settings.MEDIA_ROOT / "editor").mkdir(parents=True)
        (settings.MEDIA_ROOT / "editor" / "abc.png").write_bytes(b"\x89PNG")
        assert client.get("/media/editor/abc.png").status_code == 200


@pytest.mark.django_db
class TestAdminIds:
    @pytest.fixture
    def page(self):
        from kmlaas.pages import PolicyPage

        return PolicyPage.objects.create(slug="cookies", title="นโยบายคุกกี้", body="x", status="published")

    @pytest.mark.parametrize("object_id", ["abc", "-", "9" * 5000, "%ED%A0%80"])
    def test_a_history_page_of_an_impossible_id_is_not_found(self, client, admin_user, page, object_id):
        client.force_login(admin_user)
        assert client.get(f"/admin/kmlaas/policypage/{object_id}/history/").status_code == 404
        assert client.get(f"/admin/kmlaas/policypage/{page.pk}/history/{object_id}/").status_code == 404

    def test_the_history_page_still_opens(self, client, admin_user, page):
        client.force_login(admin_user)
        assert client.get(f"/admin/kmlaas/policypage/{page.pk}/history/").status_code == 200

    @pytest.mark.parametrize("value", ["abc", "9" * 5000, "1e308", "-1"])
    def test_an_impossible_id_in_an_autocomplete_input_is_a_form_error(self, client, admin_user, value):
        client.force_login(admin_user)
        response = client.post(
            "/admin/faq/faq/add/", {"title": "ถามอะไร", "topic": value, "modules": [value], "tags": value}
        )
        assert response.status_code == 200
        assert "errornote" in response.content.decode()

    @pytest.mark.parametrize("year", [str(10**30), "9" * 5000, "abc", "-1", "0"])
    def test_an_impossible_year_in_the_date_hierarchy_is_an_invalid_filter(self, client, admin_user, year):
        client.force_login(admin_user)
        response = client.get(
            "/admin/kmlaas/policypage/", {"publish_at__year": year, "publish_at__month": "13"}
        )
        assert response.status_code == 302
        assert response["Location"].endswith("?e=1")
