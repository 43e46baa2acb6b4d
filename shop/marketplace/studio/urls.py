"""The money screens' URLs, mounted under the Wagtail admin at /cms/earnings/, /cms/marketplace/ and /cms/billing/."""

from django.urls import path

from . import billing, earnings, featuring, views

earnings_urls = (
    [
        path("", earnings.EarningsView.as_view(), name="index"),
        path("<int:artist_id>/", earnings.EarningsView.as_view(), name="artist"),
        path("<int:artist_id>/statement.csv", earnings.StatementCsvView.as_view(), name="statement_csv"),
    ],
    "studio_earnings",
)

marketplace_urls = (
    [
        path("", views.MarketplaceIndexView.as_view(), name="index"),
        path("batches/", views.BatchListView.as_view(), name="batches"),
        path("batches/run/", views.RunPayoutBatchView.as_view(), name="run_batch"),
        path("batches/<int:pk>/", views.BatchDetailView.as_view(), name="batch"),
        path("batches/<int:pk>/payouts.csv", views.BatchCsvView.as_view(), name="batch_csv"),
        path("batches/<int:batch_pk>/payouts/<int:pk>/mark/", views.MarkPayoutView.as_view(), name="mark_payout"),
        path("artists/<int:artist_id>/rate/", views.NegotiatedRateView.as_view(), name="rate"),
        path("artists/<int:artist_id>/adjust/", views.AdjustmentView.as_view(), name="adjust"),
    ],
    "studio_marketplace",
)

# Plan & billing (an artist's own plan), mounted at /cms/billing/.
billing_urls = (
    [
        path("", billing.BillingView.as_view(), name="index"),
        path("change/", billing.ChangePlanView.as_view(), name="change"),
        path("cancel/", billing.CancelPlanView.as_view(), name="cancel"),
    ],
    "studio_billing",
)

# Featuring (artists feature their artworks; admins grant and end featurings), mounted at /cms/featuring/.
featuring_urls = (
    [
        path("", featuring.FeaturingIndexView.as_view(), name="index"),
        path("artworks/<int:pk>/", featuring.FeatureArtworkView.as_view(), name="feature"),
        path("artworks/<int:pk>/card/", featuring.CardView.as_view(), name="card"),
        path("artworks/<int:pk>/unfeature/", featuring.UnfeatureView.as_view(), name="unfeature"),
        path("listings/<int:pk>/state/", featuring.ListingStateView.as_view(), name="state"),
    ],
    "studio_featuring",
)
