"""Writes to artists: sign-up, approval, story pages. Each one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from . import emails
from .models import Artist, ArtistIndexPage, ArtistPage
from .moderation import ensure_story_workflow
from .signals import artist_approved, artist_suspended

# `artists/me/` in the API is the caller's own record, so no artist may be published under that slug.
RESERVED_SLUGS = frozenset({"me"})


def unique_artist_slug(display_name: str) -> str:
    base = slugify(display_name)[:120] or "artist"
    slug, n = base, 2
    while slug in RESERVED_SLUGS or Artist.objects.filter(slug=slug).exists():
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
        transaction.on_commit(lambda: emails.send_artist_approved.enqueue(artist.pk))
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
    transaction.on_commit(lambda: emails.send_artist_suspended.enqueue(artist.pk, reason))
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
        location=_place(artist.city, artist.region),
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


PROFILE_FIELDS = ("display_name", "city", "region", "bio")
BIO_MAX_LENGTH = 5000
# Whether buyers may ask for commissions, what to expect, and how many may be open at once (None: no limit).
COMMISSION_FIELDS = ("open_for_commissions", "commission_note", "max_open_commissions")
COMMISSION_NOTE_MAX_LENGTH = 300
MAX_OPEN_COMMISSIONS_RANGE = (1, 99)
EDITABLE_FIELDS = PROFILE_FIELDS + COMMISSION_FIELDS


def _place(city: str, region: str) -> str:
    """Where an artist works, as their story page first says it (cut to fit the page's column)."""
    return ", ".join(part for part in (city, region) if part)[: ArtistPage._meta.get_field("location").max_length]


def check_artist_profile(artist: Artist) -> None:
    """The rules for an artist's public details, on the unsaved record; raises a field-keyed ValidationError."""
    errors = {}
    if not artist.display_name:
        errors["display_name"] = ["Give the name buyers will know you by."]
    if not artist.city:
        errors["city"] = ["Give your city: buyers look for art near them."]
    if len(artist.bio) > BIO_MAX_LENGTH:
        errors["bio"] = [f"Keep the bio to {BIO_MAX_LENGTH} characters (it has {len(artist.bio)})."]
    errors.update(_commission_settings_errors(artist))
    try:
        # Lengths and the rest of each column's own rules, for the columns edited here only.
        artist.clean_fields(exclude=[field.name for field in Artist._meta.fields if field.name not in EDITABLE_FIELDS])
    except ValidationError as invalid:
        for field, messages in invalid.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _commission_settings_errors(artist: Artist) -> dict:
    errors = {}
    if not isinstance(artist.open_for_commissions, bool):
        errors["open_for_commissions"] = ["Say whether you take commissions: true or false."]
    note = artist.commission_note
    if not isinstance(note, str):
        errors["commission_note"] = ["Write the commission note as text."]
    elif len(note) > COMMISSION_NOTE_MAX_LENGTH:
        errors["commission_note"] = [
            f"Keep the commission note to {COMMISSION_NOTE_MAX_LENGTH} characters (it has {len(note)})."
        ]
    limit, (low, high) = artist.max_open_commissions, MAX_OPEN_COMMISSIONS_RANGE
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or not low <= limit <= high):
        errors["max_open_commissions"] = [
            f"Give the most commissions you take at once, from {low} to {high}, or leave it empty for no limit."
        ]
    return errors


def _profile_value(name: str, value):
    """Trim text; an empty maximum means no limit; a whole number given as text counts as the number."""
    if name == "max_open_commissions":
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        return value
    return value.strip() if isinstance(value, str) else value


@transaction.atomic
def update_artist_profile(*, artist: Artist, **fields) -> Artist:
    """An artist changes their public name, city, region or bio, or their commission settings; page and search follow.

    The slug stays, so links to the artist keep working. The status and plan are not the artist's
    to change. Artworks carry the artist's name and city in their search documents: the shop
    refreshes those on the artist's `post_save` (it names the changed fields).
    """
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not artist profile fields: {sorted(unknown)}")
    artist = Artist.objects.select_for_update().get(pk=artist.pk)
    before = {name: getattr(artist, name) for name in EDITABLE_FIELDS}
    for name, value in fields.items():
        setattr(artist, name, _profile_value(name, value))
    check_artist_profile(artist)
    changed = [name for name in EDITABLE_FIELDS if getattr(artist, name) != before[name]]
    if changed:
        artist.save(update_fields=changed)
    if set(changed) & set(PROFILE_FIELDS):
        _story_page_follows(artist, before)
    return artist


def _story_page_follows(artist: Artist, before: dict) -> None:
    """Carry a new name, place or bio onto the story page, where it still shows the old one.

    The page is the artist's to write (through moderation): a title, place or intro they wrote
    themselves is left alone, and so is an unreviewed draft's other content. The draft gets the
    change too, so publishing it later cannot bring the old name back. The page is reindexed either
    way: its search document holds the artist's name and city.
    """
    from wagtail.search.tasks import insert_or_update_object_task

    page = ArtistPage.objects.filter(artist=artist).first()
    if page is None:
        return
    # page field: (what the page says when it was never rewritten, before → after)
    derived = {
        "title": (before["display_name"], artist.display_name),
        "location": (_place(before["city"], before["region"]), _place(artist.city, artist.region)),
        "intro": (before["bio"][:300], artist.bio[:300]),
    }

    def follows_on(version) -> dict:
        return {name: new for name, (old, new) in derived.items() if old != new and getattr(version, name) == old}

    draft = page.get_latest_revision_as_object()
    draft_follows, live_follows = follows_on(draft), follows_on(page)
    if draft_follows:
        for name, value in draft_follows.items():
            setattr(draft, name, value)
        publish_now = page.live and not page.has_unpublished_changes
        revision = draft.save_revision(user=artist.user, clean=False)
        if publish_now:
            revision.publish(user=artist.user, skip_permission_checks=True)
            live_follows = {}
    if live_follows:
        # A draft waits for moderation (or the page was never published): the live copy follows now.
        ArtistPage.objects.filter(pk=page.pk).update(**live_follows)
    insert_or_update_object_task.enqueue("artists", "artistpage", str(page.pk))
