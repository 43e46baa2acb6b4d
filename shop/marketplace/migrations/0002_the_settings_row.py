"""The one MarketplaceSettings row, made here so two first requests can never make two."""

from django.db import migrations


def create_settings(apps, schema_editor):
    settings_model = apps.get_model("marketplace", "MarketplaceSettings")
    if not settings_model.objects.exists():
        settings_model.objects.create()


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_ledger")]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
