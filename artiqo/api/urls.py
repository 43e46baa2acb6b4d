"""The root of the REST API: every app registers its routes here, under /api/v1/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from artiqo.users.api.views import UserViewSet
from search.api import FeaturedArtworksView, RecommendationsView, SimilarArtworksView
from shop.api import dashboard, earnings, featuring, marketplace, orders, payments, payouts
from shop.api.cart import CartItemsView, CartItemView, CartView
from shop.api.commissions import views as commissions
from shop.api.plans import PlanListView, SubscriptionView
from shop.api.views import ArtistViewSet, ArtworkViewSet, CategoryViewSet

router = DefaultRouter()
router.register("users", UserViewSet, basename="user")
router.register("artists", ArtistViewSet, basename="artist")
router.register("categories", CategoryViewSet, basename="category")
router.register("products", ArtworkViewSet, basename="product")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's start-up script as a file: the CSP forbids inline script.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
    path("", include("artiqo.users.api.urls")),
    path("recommendations/", RecommendationsView.as_view(), name="recommendations"),
    path("cart/", CartView.as_view(), name="cart"),
    path("cart/items/", CartItemsView.as_view(), name="cart-items"),
    path("cart/items/<int:pk>/", CartItemView.as_view(), name="cart-item"),
    path("orders/", orders.OrderListView.as_view(), name="orders"),
    path("orders/<str:number>/", orders.OrderDetailView.as_view(), name="order"),
    path("orders/<str:number>/cancel/", orders.OrderCancelView.as_view(), name="order-cancel"),
    path("orders/<str:number>/status/", orders.OrderStatusView.as_view(), name="order-status"),
    path("orders/<str:number>/tracking/", orders.OrderTrackingView.as_view(), name="order-tracking"),
    path("orders/<str:number>/payments/", payments.OrderPaymentsView.as_view(), name="order-payments"),
    path("payments/<int:pk>/", payments.PaymentDetailView.as_view(), name="payment"),
    path("artist/orders/", orders.ArtistOrderListView.as_view(), name="artist-orders"),
    path("artist/order-lines/<int:pk>/", orders.ArtistOrderLineView.as_view(), name="artist-order-line"),
    path("artist/earnings/", earnings.EarningsView.as_view(), name="artist-earnings"),
    path("artist/payouts/", payouts.ArtistPayoutListView.as_view(), name="artist-payouts"),
    path("artist/payouts/<int:pk>/", payouts.ArtistPayoutView.as_view(), name="artist-payout"),
    path("marketplace/settings/", marketplace.MarketplaceSettingsView.as_view(), name="marketplace-settings"),
    path("payouts/", payouts.PayoutsView.as_view(), name="payouts"),
    path("payouts/<int:pk>/", payouts.PayoutView.as_view(), name="payout"),
    path("plans/", PlanListView.as_view(), name="plans"),
    path("artist/subscription/", SubscriptionView.as_view(), name="artist-subscription"),
    path("products/<int:pk>/similar/", SimilarArtworksView.as_view(), name="product-similar"),
    path("products/<int:pk>/feature/", featuring.FeatureArtworkView.as_view(), name="product-feature"),
    path("artist/featured/", featuring.ArtistFeaturedView.as_view(), name="artist-featured"),
    path("featured/", FeaturedArtworksView.as_view(), name="featured"),
    # Commissions (special orders): the buyer and the artist of each, nobody else.
    path("commissions/", commissions.CommissionListView.as_view(), name="commissions"),
    path("commissions/<int:pk>/", commissions.CommissionDetailView.as_view(), name="commission"),
    path("commissions/<int:pk>/messages/", commissions.CommissionMessagesView.as_view(), name="commission-messages"),
    path("commissions/<int:pk>/quote/", commissions.CommissionQuoteView.as_view(), name="commission-quote"),
    path("commissions/<int:pk>/accept/", commissions.CommissionAcceptView.as_view(), name="commission-accept"),
    path("commissions/<int:pk>/decline/", commissions.CommissionDeclineView.as_view(), name="commission-decline"),
    path("commissions/<int:pk>/complete/", commissions.CommissionCompleteView.as_view(), name="commission-complete"),
    *router.urls,
]

# The admins' figures (shop.marketplace.figures): headline numbers, totals and series.
urlpatterns += [
    path("dashboard/", dashboard.DashboardView.as_view(), name="dashboard"),
    path("dashboard/total-users/", dashboard.TotalUsersView.as_view(), name="dashboard-total-users"),
    path("dashboard/total-orders/", dashboard.TotalOrdersView.as_view(), name="dashboard-total-orders"),
    path("dashboard/total-products/", dashboard.TotalProductsView.as_view(), name="dashboard-total-products"),
    path("dashboard/series/", dashboard.SeriesView.as_view(), name="dashboard-series"),
]

# The art assistant (search.assistant.api): ask, and read one of the caller's conversations back.
from search.assistant.api import ChatView, ConversationView  # noqa: E402  (appended block)

urlpatterns += [
    path("chat/", ChatView.as_view(), name="chat"),
    path("chat/<int:conversation>/", ConversationView.as_view(), name="chat-conversation"),
]
