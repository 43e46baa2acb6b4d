import pytest
from rest_framework.test import APIClient


@pytest.fixture
def api():
    return APIClient()


def bearer(client: APIClient, access: str) -> APIClient:
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client
