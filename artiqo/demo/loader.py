"""Build the demo marketplace through the real services, idempotently.

Everything is keyed by something stable (usernames, artist slugs, artwork UPCs, page slugs),
so a second run finds what the first made and adds only what is missing. With `history=True`
(the `load_demo_data` command's default) six months of orders follow (history.py), then the
artists' plans and featured artworks (plans.py); the test suite's `demo_marketplace` leaves both
out to stay quick (it has the plans, with everyone on Starter).
"""

import io
import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.db import transaction
from oscar.core.loading import get_class, get_model
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail.rich_text import RichText

from artists.models import Artist, ArtistIndexPage
from artists.services import approve_artist, ensure_artist_page, register_artist
from home.models import HomePage, StandardPage

from . import compositions, content
from .commissions import open_demo_commissions
from .history import DemoHistory
from .plans import DemoSubscriptions, ensure_plans

Category = get_model("catalogue", "Category")
Country = get_model("address", "Country")
Product = get_model("catalogue", "Product")
create_from_breadcrumbs = get_class("catalogue.categories", "create_from_breadcrumbs")
create_artwork = get_class("catalogue.services", "create_artwork")
add_artwork_image = get_class("catalogue.services", "add_artwork_image")
User = get_user_model()
WagtailImage = get_image_model()


class DemoLoader:
    def __init__(self, log=lambda message: None, image_width: int = 1200, history: bool = False, subscriptions=None):
        self.log = log
        self.image_width = image_width  # tests ask for small pictures: same shapes, less time
        self.history = history
        self.subscriptions = history if subscriptions is None else subscriptions

    def run(self) -> dict:
        with transaction.atomic():
            home = self.home_page()
            index = self.artist_index(home)
            self.about_page(home)
            self.fees_page(home)
            categories = self.categories()
            self.shipping_countries()
            self.accounts()
            # The plans exist before any artwork is listed. Every demo artist lists fewer than Starter's 20,
            # so the subscriptions (which need Stripe, outside this transaction) can come after the history.
            ensure_plans(self.log)
            created = 0
            for number, spec in enumerate(content.ARTISTS):
                artist = self.artist(spec)
                self.artist_page(artist, spec, index, seed=number)
                created += self.artworks(artist, spec, categories)
            open_demo_commissions(self.log)
        result = {
            "artworks_created": created,
            "artworks": Product.objects.filter(upc__startswith="DEMO-").count(),
        }
        if self.history:  # after the commit above: the history commits step by step, each at its moment
            result["history"] = DemoHistory(log=self.log).run()
        if self.subscriptions:  # after the history, whose past fees were booked at the rates of the time
            result["plans"] = DemoSubscriptions(log=self.log).run()
        return result

    # --- pages -------------------------------------------------------------------------------

    def home_page(self) -> HomePage:
        home = HomePage.objects.first()
        if home is not None:
            return home
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
        root = Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
        if Collection.get_first_root_node() is None:  # both come from Wagtail's migrations; a flush removes them
            Collection.add_root(name="Root")
        home = root.add_child(
            instance=HomePage(
                title="Artiqo",
                slug="artiqo-home",
                hero_title="Art made near you",
                hero_text="Original paintings, prints, ceramics and more, bought directly from the "
                "artists who made them, in your city and the next one over.",
            )
        )
        site = Site.objects.filter(is_default_site=True).first()
        old_root = site.root_page if site else None
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Artiqo"},
        )
        # Wagtail's install leaves a plain "Welcome" page; the marketplace's home replaces it.
        if old_root is not None and old_root.specific_class is Page and old_root.pk != home.pk:
            old_root.delete()
        home.slug = "home"
        home.save()  # updates this instance's url_path, which the pages below it are built from
        home.save_revision().publish()
        self.log("Created the home page")
        return home

    def artist_index(self, home: HomePage) -> ArtistIndexPage:
        index = ArtistIndexPage.objects.first()
        if index is None:
            index = home.add_child(
                instance=ArtistIndexPage(
                    title="Artists",
                    slug="artists",
                    intro="Meet the painters, potters and printmakers of Artiqo.",
                )
            )
            index.save_revision().publish()
        return index

    def about_page(self, home: HomePage) -> None:
        if StandardPage.objects.filter(slug="about").exists():
            return
        about = home.add_child(
            instance=StandardPage(
                title="About Artiqo",
                slug="about",
                show_in_menus=True,
                intro="A marketplace where local artists sell their work directly to the people who love it.",
                body=[
                    (
                        "paragraph",
                        RichText(
                            "<p>Every artwork on Artiqo is listed by the artist who made it. Buy an "
                            "original or a numbered print, have it delivered or collect it from the "
                            "studio, and commission something of your own.</p>"
                        ),
                    )
                ],
            )
        )
        about.save_revision().publish()

    def fees_page(self, home: HomePage) -> None:
        """How selling is paid for: words, then the live "current fees" table (no number typed in)."""
        spec = content.FEES_PAGE
        if StandardPage.objects.filter(slug=spec["slug"]).exists():
            return
        fees = home.add_child(
            instance=StandardPage(
                title=spec["title"],
                slug=spec["slug"],
                show_in_menus=True,
                intro=spec["intro"],
                body=[
                    *(("paragraph", RichText(f"<p>{text}</p>")) for text in spec["before"]),
                    ("current_fees", {"heading": "Current fees"}),
                    *(("paragraph", RichText(f"<p>{text}</p>")) for text in spec["after"]),
                ],
            )
        )
        fees.save_revision().publish()

    # --- people ------------------------------------------------------------------------------

    def user(self, username, first_name, last_name, **extra):
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                f"{username}@example.com",
                content.PASSWORD,
                username=username,
                first_name=first_name,
                last_name=last_name,
                **extra,
            )
            self.log(f"Created user {username}")
        return user

    def accounts(self) -> None:
        admin = User.objects.filter(username="admin").first()
        if admin is None:
            User.objects.create_superuser(
                "admin@example.com", content.PASSWORD, username="admin", first_name="Ada", last_name="Admin"
            )
            self.log("Created superuser admin")
        for buyer in content.BUYERS:
            self.user(buyer["username"], buyer["first_name"], buyer["last_name"])

    def artist(self, spec) -> Artist:
        user = self.user(spec["username"], spec["first_name"], spec["last_name"])
        artist = Artist.objects.filter(user=user).first()
        if artist is None:
            artist = register_artist(
                user=user,
                display_name=spec["display_name"],
                city=spec["city"],
                region=spec["region"],
                bio=spec["bio"],
            )
        return approve_artist(artist=artist, notify=False)

    def artist_page(self, artist: Artist, spec, index, seed: int) -> None:
        page = ensure_artist_page(artist=artist).specific
        if page.live:
            return
        portrait = self.wagtail_image(f"{artist.display_name} in the studio", seed=9000 + seed, style="strokes")
        studio = self.wagtail_image(f"{artist.display_name}'s studio", seed=9100 + seed, style="colour_field")
        paragraphs = [{"type": "paragraph", "value": f"<p>{text}</p>"} for text in spec["story"]]
        page.portrait = portrait
        page.intro = spec["bio"]
        page.location = f"{spec['city']}, {spec['region']}"
        page.story = [
            paragraphs[0],
            {"type": "quote", "value": spec["quote"]},
            {"type": "image", "value": {"image": studio.pk, "caption": "In the studio"}},
            *paragraphs[1:],
        ]
        page.links = [{"type": "link", "value": {"title": "Studio notes", "url": f"https://example.com/{artist.slug}"}}]
        # The artist writes, a moderator publishes: the same path the studio enforces.
        moderator = User.objects.get(username="admin")
        page.save_revision(user=artist.user).publish(user=moderator)
        self.log(f"Published the story page of {artist}")

    def wagtail_image(self, title: str, *, seed: int, style: str):
        palette = sorted(compositions.PALETTES)[seed % len(compositions.PALETTES)]
        data = compositions.render(
            seed=seed, style=style, palette=palette, portrait=True, width=min(900, self.image_width)
        )
        return WagtailImage.objects.create(title=title, file=ImageFile(io.BytesIO(data), name=f"demo-{seed}.jpg"))

    def shipping_countries(self) -> None:
        """Artiqo's artists ship within the UK and Ireland; checkout needs the countries to exist."""
        for code, alpha3, numeric, name in (("GB", "GBR", "826", "United Kingdom"), ("IE", "IRL", "372", "Ireland")):
            Country.objects.update_or_create(
                iso_3166_1_a2=code,
                defaults={
                    "iso_3166_1_a3": alpha3,
                    "iso_3166_1_numeric": numeric,
                    "printable_name": name,
                    "name": name,
                    "is_shipping_country": True,
                },
            )

    # --- catalogue ---------------------------------------------------------------------------

    def categories(self) -> dict:
        found = {}
        for name, description in content.CATEGORIES:
            category = create_from_breadcrumbs(name)
            if category.description != description:
                category.description = description
                category.save(update_fields=["description"])
            found[name] = category
        return found

    def artworks(self, artist: Artist, spec, categories) -> int:
        created = 0
        for number, work in enumerate(spec["works"], start=1):
            title, category, medium, style, palette, is_original, price, year = work
            upc = content.artwork_upc(spec["username"], number)
            if Product.objects.filter(upc=upc).exists():
                continue
            rng = random.Random(upc)
            width = Decimal(rng.choice(content.WIDTHS_CM))
            stock = 1 if is_original else rng.randint(*content.EDITION_STOCK)  # = content.edition_stock(upc)
            artwork = create_artwork(
                artist=artist,
                title=title,
                price=Decimal(price),
                stock=stock,
                description=self.description(title, medium, category, artist, is_original),
                category=categories[category],
                medium=medium,
                width_cm=width,
                height_cm=(width * Decimal(rng.choice(["0.75", "1", "1.25", "1.5"]))).quantize(Decimal("0.1")),
                depth_cm=Decimal(rng.randint(10, 40)) if category in ("Sculpture", "Ceramics") else None,
                year=year,
                is_original=is_original,
                edition_size=None if is_original else rng.choice([25, 50, 75, 100]),
                upc=upc,
            )
            seed = sum(map(ord, upc))
            for view in range(2 if is_original else 1):
                data = compositions.render(
                    seed=seed + view,
                    style=style,
                    palette=palette,
                    portrait=rng.random() < 0.35,
                    width=self.image_width,
                )
                add_artwork_image(artwork=artwork, image=ContentFile(data, name=f"{artwork.slug}-{view + 1}.jpg"))
            created += 1
        if created:
            self.log(f"Listed {created} artworks by {artist}")
        return created

    @staticmethod
    def description(title, medium, category, artist, is_original) -> str:
        kind = "An original" if is_original else "A signed, numbered print"
        return (
            f"{kind} by {artist.display_name}, made in {artist.city}. {medium}. "
            f"“{title}” belongs to the artist's current {category.lower()} series and ships "
            f"ready to hang or display, or can be collected from the studio."
        )
