"""Every response says what it may load (CSP) and which browser features it may use."""

import pytest

from courses.embeds import privacy_enhanced


@pytest.mark.django_db
def test_learner_pages_allow_no_inline_code_and_no_third_party(client, lesson_page):
    response = client.get(lesson_page.url)
    policy = response["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert directives["object-src"] == "'none'"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
def test_the_admin_gets_its_own_policy(client):
    response = client.get("/admin/login/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert response["Permissions-Policy"]


def test_video_embeds_are_privacy_enhanced():
    youtube = '<iframe src="https://www.youtube.com/embed/abc123?feature=oembed"></iframe>'
    assert "https://www.youtube-nocookie.com/embed/abc123?feature=oembed" in privacy_enhanced(
        youtube
    )
    vimeo = '<iframe src="https://player.vimeo.com/video/76979871?app_id=1"></iframe>'
    assert "https://player.vimeo.com/video/76979871?app_id=1&dnt=1" in privacy_enhanced(vimeo)
    plain = '<iframe src="https://player.vimeo.com/video/7"></iframe>'
    assert "https://player.vimeo.com/video/7?dnt=1" in privacy_enhanced(plain)


@pytest.mark.django_db
def test_each_area_keeps_its_policy_when_built_once(client, lesson_page, settings):
    """The headers are built once per area (lms.security): in either order, each its own."""
    for path in (lesson_page.url, "/admin/login/", lesson_page.url, "/admin/login/"):
        policy = client.get(path)["Content-Security-Policy"]
        admin = path.startswith("/admin/")
        assert ("'unsafe-inline'" in policy) is admin, (path, policy)
    # A changed setting is seen at once (tests and a reload), not the policy built before.
    settings.CONTENT_SECURITY_POLICY = {
        "DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'none'"]}
    }
    assert "img-src 'none'" in client.get(lesson_page.url)["Content-Security-Policy"]


def test_a_view_with_its_own_policy_gets_it():
    from csp.decorators import csp_update
    from django.http import HttpResponse
    from django.test import RequestFactory

    from lms.security import ContentSecurityPolicyMiddleware

    @csp_update({"img-src": ["https://images.example.org"]})
    def view(request):
        return HttpResponse("ok")

    middleware = ContentSecurityPolicyMiddleware(view)
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse("ok"))
    assert (
        "images.example.org" not in plain(RequestFactory().get("/en/"))["Content-Security-Policy"]
    )
    own = middleware(RequestFactory().get("/en/"))
    assert "https://images.example.org" in own["Content-Security-Policy"]
    assert (
        "images.example.org" not in plain(RequestFactory().get("/en/"))["Content-Security-Policy"]
    )
