"""RSS and Atom feeds of published communiqués (all, or of a territorial unit and below)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

from tanzim.people.cards import PARTY_NAME_AR
from tanzim.press.models import Communique
from tanzim.press.public_views import absolute_url
from tanzim.press.queries import communiques_public, communiques_public_within, public_territory
from tanzim.territory.models import Territory

FEED_ITEMS = 30


class CommuniquesRss(Feed):
    feed_type = Rss201rev2Feed

    def get_object(self, request: HttpRequest, code: str | None = None) -> Territory | None:
        self.request = request
        return public_territory(code) if code else None

    def title(self, territory: Territory | None) -> str:
        if territory is None:
            return _("Communiqués — %(party)s") % {"party": PARTY_NAME_AR}
        return _("Communiqués — %(place)s") % {"place": territory.title}

    def link(self, territory: Territory | None) -> str:
        if territory is None:
            return reverse("news:list")
        return reverse("news:territory", args=[territory.code])

    def description(self, territory: Territory | None) -> str:
        return _("The party's published communiqués.")

    def items(self, territory: Territory | None):
        communiques = communiques_public() if territory is None else communiques_public_within(territory)
        return communiques[:FEED_ITEMS]

    def item_title(self, item: Communique) -> str:
        return item.title

    def item_description(self, item: Communique) -> str:
        """The lede (first paragraph); the whole text is one click away on the page."""
        paragraphs = [p.strip() for p in item.body.replace("\r\n", "\n").split("\n\n") if p.strip()]
        lede = paragraphs[0] if paragraphs else ""
        return lede + (" …" if len(paragraphs) > 1 else "")

    def item_link(self, item: Communique) -> str:
        return reverse("news:detail", args=[item.pk])

    def item_guid(self, item: Communique) -> str:
        return absolute_url(self.request, reverse("news:detail", args=[item.pk]))

    def item_pubdate(self, item: Communique):
        return item.published_at

    def item_updateddate(self, item: Communique):
        return item.updated_at

    def item_author_name(self, item: Communique) -> str:
        return item.organ.name

    def item_categories(self, item: Communique) -> list[str]:
        return [item.organ.territory.title]


class CommuniquesAtom(CommuniquesRss):
    feed_type = Atom1Feed
    subtitle = CommuniquesRss.description
