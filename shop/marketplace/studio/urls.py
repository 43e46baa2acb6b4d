"""The money screens' URLs, mounted under the Wagtail admin at /cms/earnings/ and /cms/marketplace/."""

from django.urls import path

from . import earnings, views

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
