"""Fixtures for the studio's artwork tests."""

import pytest
from django.contrib.auth import get_user_model
from oscar.core.loading import get_model

from artists.tests.factories import make_artist

Category = get_model("catalogue", "Category")


@pytest.fixture
def category(db):
    return Category.add_root(name="Painting", slug="painting")


@pytest.fixture
def maya(site_pages):
    return make_artist(username="maya", display_name="Maya Lindqvist")


@pytest.fixture
def theo(site_pages):
    return make_artist(username="theo", display_name="Theo Marsh")


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("boss@example.com", "a-long-password-1", username="boss")
