"""The served OpenAPI schema is valid and complete: drf-spectacular validates it and warns about nothing.

A warning means a view or field whose type it had to guess, which a client generator (or the
schemathesis run in test_api_schemathesis.py) would then read wrongly.
"""

from django.core.management import call_command


def test_the_schema_validates_without_warnings(tmp_path, db):
    schema = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))

    assert "/api/v1/products/" in schema.read_text()
