"""The public news site (no login): published communiqués, by territory and by organ, each with its
view counter, approved comments, a comment form and share links.

Cache-friendly: the pages carry nothing about the visitor besides the language (no user name, no
CSRF token — the comment form is protected by a honeypot, a signed timestamp and a rate limit, and
the language switch is a plain form), so a shared cache may keep them for a minute.
Nothing internal is ever shown: drafts and withdrawn communiqués are 404, and so are attendance,
members and e-mail addresses of commenters.
"""

from __future__ import annotations

import datetime
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from tanzim.press.models import Communique
from tanzim.press.queries import (
    comments_approved,
    communique_public,
    communiques_public,
    communiques_public_within,
    communiques_search,
    public_organ,
    public_territory,
)
from tanzim.press.services import (
    COMMENT_MAX_LENGTH,
    comment_form_is_fresh,
    comment_form_token,
    comment_submit,
    communique_view_record,
)

PUBLIC_MAX_AGE = 60  # seconds a shared cache may keep a public page

# What the page says after a comment was sent (the message is chosen by a code in the address, so
# the page stays the same for everyone).
COMMENT_NOTICES = {
    "pending": "pending",
    "expired": "expired",
}


def _cacheable(response: HttpResponse) -> HttpResponse:
    """Shared caches (a CDN, a reverse proxy) keep the page a minute; browsers ask again each time,
    so a reader sees an approved comment on the next visit."""
    patch_cache_control(response, public=True, max_age=0, s_maxage=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    return response


def public_base_url(request: HttpRequest) -> str:
    """The site's public address (settings.TANZIM_PUBLIC_URL), else the address of the request."""
    return (settings.TANZIM_PUBLIC_URL or request.build_absolute_uri("/")).rstrip("/")


def absolute_url(request: HttpRequest, path: str) -> str:
    return public_base_url(request) + path


def _list(request: HttpRequest, communiques, *, heading: str, context: dict | None = None) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    if query:
        communiques = communiques_search(communiques, query)
    page = Paginator(communiques, settings.TANZIM_PAGE_SIZE).get_page(request.GET.get("page"))
    response = render(
        request,
        "press/public_list.html",
        {"page": page, "heading": heading, "q": query, **(context or {})},
    )
    return _cacheable(response)


def news_list(request: HttpRequest) -> HttpResponse:
    return _list(request, communiques_public(), heading=_("Communiqués"))


def news_territory(request: HttpRequest, code: str) -> HttpResponse:
    """Communiqués of organs in a territorial unit and below it."""
    territory = public_territory(code)
    return _list(
        request,
        communiques_public_within(territory),
        heading=_("Communiqués — %(place)s") % {"place": territory.title},
        context={"territory": territory},
    )


def news_organ(request: HttpRequest, organ_id: int) -> HttpResponse:
    """Communiqués of one organ (its name is public; its members are not shown)."""
    organ = public_organ(organ_id)
    return _list(
        request,
        communiques_public().filter(organ=organ),
        heading=_("Communiqués of %(organ)s") % {"organ": organ.name},
        context={"organ": organ},
    )


def _visitor(request: HttpRequest) -> tuple[str, str]:
    """(address, user agent) of the visitor: only ever hashed, never stored."""
    return request.META.get("REMOTE_ADDR", ""), request.META.get("HTTP_USER_AGENT", "")[:500]


def share_links(request: HttpRequest, communique: Communique) -> dict[str, str]:
    url = absolute_url(request, reverse("news:detail", args=[communique.pk]))
    text = f"{communique.title} {url}"
    return {
        "url": url,
        "whatsapp": "https://wa.me/?text=" + quote(text, safe=""),
        "facebook": "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe=""),
    }


def news_detail(request: HttpRequest, communique_id: int) -> HttpResponse:
    communique = communique_public(communique_id)
    address, user_agent = _visitor(request)
    communique_view_record(communique=communique, visitor_key=address, user_agent=user_agent)
    return _cacheable(_detail_page(request, communique))


def _detail_page(
    request: HttpRequest,
    communique: Communique,
    *,
    form: dict | None = None,
    errors: dict | None = None,
    status: int = 200,
) -> HttpResponse:
    notice = COMMENT_NOTICES.get(request.GET.get("comment", ""), "")
    return render(
        request,
        "press/public_detail.html",
        {
            "c": communique,
            "paragraphs": [
                p.strip() for p in communique.body.replace("\r\n", "\n").split("\n\n") if p.strip()
            ],
            "comments": list(comments_approved(communique)),
            "share": share_links(request, communique),
            "form_token": comment_form_token(communique),
            "form": form or {},
            "errors": errors or {},
            "general_errors": (errors or {}).get("__all__", []),
            # Changed after it went out (not counting the publication itself, nor an imported date).
            "corrected": communique.updated_at - max(communique.published_at, communique.created_at)
            > datetime.timedelta(minutes=5),
            "notice": notice,
            "max_length": COMMENT_MAX_LENGTH,
        },
        status=status,
    )


@csrf_exempt  # public pages carry no CSRF token (cacheable); spam checks stand in for it
@require_POST
def news_comment(request: HttpRequest, communique_id: int) -> HttpResponse:
    """Send a comment: held for moderation. A form that did not come from our page (no valid token)
    is sent back to the page; a real reader's refused comment is shown again with the reason."""
    communique = communique_public(communique_id)
    detail = reverse("news:detail", args=[communique.pk])
    token = request.POST.get("form_token", "")
    if not comment_form_is_fresh(communique, token):
        return HttpResponseRedirect(f"{detail}?comment=expired#comment-form")
    address, user_agent = _visitor(request)
    form = {key: request.POST.get(key, "") for key in ("name", "email", "body")}
    try:
        comment_submit(
            communique=communique,
            name=form["name"],
            email=form["email"],
            body=form["body"],
            form_token=token,
            honeypot=request.POST.get("website", ""),
            visitor_key=address,
            user_agent=user_agent,
        )
    except ValidationError as error:
        errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        response = _detail_page(request, communique, form=form, errors=errors, status=400)
        response["Cache-Control"] = "no-store"
        return response
    return HttpResponseRedirect(f"{detail}?comment=pending#comment-form")


@csrf_exempt  # choosing a language changes nothing but a cookie; public pages carry no CSRF token
@require_POST
def news_language(request: HttpRequest) -> HttpResponse:
    """The language switch of the public site: sets the language cookie and goes back."""
    language = request.POST.get("language", "")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("news:list")
    response = redirect(target)
    if language in dict(settings.LANGUAGES):
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH,
            samesite="Lax",
        )
    return response
