"""Which links are clips on YouTube or Facebook (kmlaas/video.py)."""

import pytest
from django.core.exceptions import ValidationError

from kmlaas.video import host_name, validate_video_url


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"),
        ("https://youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube"),
        ("https://WWW.YouTube.com/live/abc", "YouTube"),
        ("https://youtu.be/dQw4w9WgXcQ?t=42", "YouTube"),
        ("https://www.facebook.com/dla.go.th/videos/1234567890/", "Facebook"),
        ("https://m.facebook.com/watch/?v=1234567890", "Facebook"),
        ("https://fb.watch/abcDEF123/", "Facebook"),
    ],
)
def test_it_names_youtube_and_facebook_clips(url, host):
    assert host_name(url) == host
    validate_video_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/123",
        "https://kmlaas.dla.go.th/clip.mp4",
        "https://youtube.com.example.net/watch?v=abc",
        "https://notyoutube.com/watch?v=abc",
        "https://www.youtube.co.th/watch?v=abc",
        "",
    ],
)
def test_it_refuses_other_sites(url):
    assert host_name(url) is None
    with pytest.raises(ValidationError):
        validate_video_url(url)
