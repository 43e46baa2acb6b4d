import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    """An anonymous API client (signed-in ones: `artiqo.testing.api_as`, or `bearer` for a token in hand)."""
    return APIClient()
