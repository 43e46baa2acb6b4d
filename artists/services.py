"""Writes to artists: sign-up, approval, story pages. Each one transaction."""

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import emails
from .models import Artist, ArtistIndexPage, ArtistPage
from .moderation import ensure_story_workflow
from .signals import artist_approved, artist_suspended


def unique_artist_slug(display_name: str) -> str:
    base = slugify(display_name)[:120] or "artist"
    slug, n = base, 2
    while Artist.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def register_artist(*, user, display_name: str, city: str, region: str = "", bio: str = "") -> Artist:
    """Create the pending Artist record a sign-up as artist asks for; an admin approves it later."""
    return Artist.objects.create(
        user=user,
        display_name=display_name.strip(),
        slug=unique_artist_slug(display_name),
        city=city.strip(),
        region=region.strip(),
        bio=bio,
    )


@transaction.atomic
def approve_artist(*, artist: Artist, notify: bool = True) -> Artist:
    """Let an artist sell: approved, a partner (via the shop), a draft story page, a studio login.

    Approving a suspended artist reinstates them: their page and artworks come back as they were.
    """
    artist = Artist.objects.select_for_update().get(pk=artist.pk)
    newly_approved = artist.status != Artist.Status.APPROVED
    if newly_approved:
        artist.status = Artist.Status.APPROVED
        artist.approved_at = timezone.now()
        artist.save(update_fields=["status", "approved_at"])
    ensure_artist_page(artist=artist)
    grant_studio_access(artist=artist)
    artist_approved.send(sender=Artist, artist=artist)
    if newly_approved and notify:
        transaction.on_commit(lambda: emails.send_artist_approved(artist))
    return artist


@transaction.atomic
def suspend_artist(*, artist: Artist, reason: str = "") -> Artist:
    """Hide an artist and stop their sales; nothing is deleted, so approving again restores all.

    The page stays published but is not served while the artist is suspended, their artworks drop
    out of `Product.objects.live()`, and the shop's strategy makes them unavailable to buy.
    """
    artist = Artist.objects.select_for_update().get(pk=artist.pk)
    artist.status = Artist.Status.SUSPENDED
    artist.save(update_fields=["status"])
    artist.user.groups.remove(studio_group())
    artist_suspended.send(sender=Artist, artist=artist)
    transaction.on_commit(lambda: emails.send_artist_suspended(artist, reason))
    return artist


def ensure_artist_page(*, artist: Artist) -> ArtistPage:
    """The artist's story page under the directory, owned by them; created as a draft once."""
    page = ArtistPage.objects.filter(artist=artist).first()
    if page is not None:
        return page
    index = ArtistIndexPage.objects.first()
    if index is None:
        raise ArtistIndexPage.DoesNotExist("Create the artist directory page before approving artists.")
    page = ArtistPage(
        title=artist.display_name,
        slug=artist.slug,
        artist=artist,
        owner=artist.user,
        intro=artist.bio[:300],
        location=", ".join(part for part in (artist.city, artist.region) if part),
        live=False,
    )
    index.add_child(instance=page)
    page.save_revision(user=artist.user)
    return page


STUDIO_GROUP = "Artists"


def studio_group():
    """The Wagtail group every approved artist joins: admin access, own pages, own images.

    Wagtail's `add` permission on the directory lets an artist edit pages they own beneath it,
    and nothing else; publishing stays with moderators (the workflow decides).
    """
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    group, created = Group.objects.get_or_create(name=STUDIO_GROUP)
    if created or not group.permissions.filter(codename="access_admin").exists():
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    index = ArtistIndexPage.objects.first()
    if index is not None:
        ensure_story_workflow(index)
        GroupPagePermission.objects.get_or_create(
            group=group, page=index, permission=Permission.objects.get(codename="add_page")
        )
    root_collection = Collection.get_first_root_node()
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=root_collection,
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename),
        )
    return group


def grant_studio_access(*, artist: Artist) -> None:
    """Let an approved artist into the studio (the Wagtail admin at /cms/)."""
    artist.user.groups.add(studio_group())
