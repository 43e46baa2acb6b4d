import pytest

from artists.models import ArtistPage

# InnoDB updates FULLTEXT indexes only at commit, so on MariaDB search needs committed rows.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.sqlite]


def test_wagtail_search_finds_artist_pages_by_their_story(demo_marketplace):
    # The database backend: SQLite FTS5 here, MariaDB FULLTEXT in CI; the index is kept on publish.
    found = ArtistPage.objects.live().search("Gothenburg")

    assert [page.title for page in found] == ["Maya Lindqvist"]
