"""Staff avatars as initials drawn in an SVG: nothing fetched from a third party.

Wagtail falls back to Gravatar (a hash of each staff email sent to gravatar.com) or to a blank
silhouette; a person's initials on a colour derived from their account tell colleagues apart in
the workflow, history and comments without either.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

# Dark enough for white text at WCAG AA (4.5:1 or more).
COLOURS = ["#1f4e79", "#5b2a86", "#7a3b00", "#1d5c3a", "#8a1c3c", "#3d4a5c"]


def initials(user) -> str:
    """Up to two initials from the account's name, else from its email (no query: avatars are
    shown for every staff member in the admin's listings)."""
    name = (
        f"{getattr(user, 'first_name', '')} {getattr(user, 'last_name', '')}".strip()
        or (getattr(user, "email", "") or getattr(user, "username", "") or "?").split("@")[0]
    )
    words = [word for word in name.replace(".", " ").replace("_", " ").split() if word]
    letters = "".join(word[0] for word in (words[:1] + words[1:][-1:])) if words else "?"
    return letters.upper()


def initials_avatar_url(user, size: int = 50) -> str:
    """A data: URL of an SVG disc with the user's initials."""
    key = str(getattr(user, "pk", "") or getattr(user, "email", ""))
    colour = COLOURS[int(hashlib.sha256(key.encode()).hexdigest(), 16) % len(COLOURS)]
    text = initials(user).replace("&", "&amp;").replace("<", "&lt;")
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="0 0 100 100"><circle cx="50" cy="50" r="50" fill="{colour}"/>'
        f'<text x="50" y="50" dy="0.35em" text-anchor="middle" font-family="sans-serif" '
        f'font-size="42" fill="#fff">{text}</text></svg>'
    )
    return "data:image/svg+xml;charset=utf-8," + quote(svg)
