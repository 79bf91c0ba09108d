"""Video embeds that do not track learners: YouTube's privacy-enhanced mode, Vimeo's "do not track".

Wagtail fetches a video's embed code from its provider when a trainer saves a lesson; this finder
rewrites that code before it is stored, so learners' browsers never load the tracking players.
"""

from __future__ import annotations

import re
from typing import Any

from wagtail.embeds.finders.oembed import OEmbedFinder

_YOUTUBE = re.compile(r"https://(?:www\.)?youtube\.com/embed/")
_VIMEO = re.compile(r'(https://player\.vimeo\.com/video/[^"\s?]+)(\?[^"\s]*)?')


def privacy_enhanced(html: str) -> str:
    html = _YOUTUBE.sub("https://www.youtube-nocookie.com/embed/", html)

    def vimeo(match: re.Match) -> str:
        query = match.group(2) or ""
        if "dnt=1" in query:
            return match.group(0)
        return f"{match.group(1)}{query}{'&' if query else '?'}dnt=1"

    return _VIMEO.sub(vimeo, html)


class PrivacyEnhancedOEmbedFinder(OEmbedFinder):
    def find_embed(self, url: str, max_width: int | None = None, **kwargs: Any) -> dict:
        embed = super().find_embed(url, max_width, **kwargs)
        embed["html"] = privacy_enhanced(embed.get("html") or "")
        return embed
