"""The demo artists who take commissions: maya (portraits and places in oil) and theo (prints of your street).

Set through the artist's own profile service, as the studio would. Idempotent: an artist whose
commission settings were already set (by a first load, or by the artist since) is left alone.
"""

from artists.models import Artist
from artists.services import update_artist_profile

OPEN_FOR_COMMISSIONS = {
    "maya": {
        "commission_note": "Portraits from your photos, in oil: 6–8 weeks",
        "max_open_commissions": 5,
    },
    "theo": {
        "commission_note": "A screen print of your street or building, edition of 10: 4–6 weeks",
        "max_open_commissions": 3,
    },
}


def open_demo_commissions(log=lambda message: None) -> list[str]:
    """Open maya's and theo's studios to commissions, once; returns the usernames it changed."""
    opened = []
    for username, choices in OPEN_FOR_COMMISSIONS.items():
        artist = Artist.objects.filter(user__username=username).first()
        if artist is None or artist.open_for_commissions or artist.commission_note:
            continue
        update_artist_profile(artist=artist, open_for_commissions=True, **choices)
        opened.append(username)
        log(f"Opened {artist} for commissions")
    return opened
