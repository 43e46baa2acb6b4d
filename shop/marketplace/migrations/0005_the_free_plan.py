"""The default plan every artist is on without a subscription: free, the default fee rate, 20 listings."""

from django.db import migrations


def make_free_plan(apps, schema_editor):
    Plan = apps.get_model("marketplace", "Plan")
    if not Plan.objects.filter(is_default=True).exists():
        Plan.objects.update_or_create(
            code="starter",
            defaults={
                "name": "Starter",
                "description": "Free: sell up to 20 artworks at the standard fee.",
                "monthly_price": 0,
                "fee_rate": None,
                "listing_limit": 20,
                "featured_credits": 0,
                "is_default": True,
                "position": 0,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0004_plans_subscriptions_featuring")]

    operations = [migrations.RunPython(make_free_plan, migrations.RunPython.noop)]
