"""Auth, profile and user endpoints. Views stay thin: services and token functions do the work."""

from axes.exceptions import AxesBackendPermissionDenied
from django.contrib.auth import authenticate, get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, permissions, status, viewsets
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from artiqo.users import services
from artiqo.users.lockout import lockout_message

from . import tokens
from .serializers import (
    LoginSerializer,
    RefreshSerializer,
    RegisterSerializer,
    SessionSerializer,
    TokenPairSerializer,
    UserSerializer,
)

User = get_user_model()


class AuthView(APIView):
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "auth"


class RegisterView(AuthView):
    throttle_scope = "register"

    @extend_schema(request=RegisterSerializer, responses={201: SessionSerializer})
    def post(self, request):
        form = RegisterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = services.register_user(**form.validated_data)
        return Response({"user": UserSerializer(user).data, **tokens.issue_tokens(user)}, status=201)


class LoginView(AuthView):
    @extend_schema(request=LoginSerializer, responses={200: SessionSerializer})
    def post(self, request):
        form = LoginSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            # The Django request, so django-axes counts failures per username and address.
            user = authenticate(request._request, **form.validated_data)
        except AxesBackendPermissionDenied as locked:
            raise Throttled(detail=lockout_message()) from locked
        if user is None:
            if getattr(request._request, "axes_locked_out", False):
                raise Throttled(detail=lockout_message())
            raise AuthenticationFailed("Wrong username/email or password.")
        return Response({**tokens.issue_tokens(user), "user": UserSerializer(user).data})


class RefreshView(AuthView):
    @extend_schema(request=RefreshSerializer, responses={200: TokenPairSerializer})
    def post(self, request):
        form = RefreshSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        return Response(tokens.rotate_refresh_token(form.validated_data["refresh"]))


class LogoutView(APIView):
    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(request=RefreshSerializer, responses={205: None})
    def post(self, request):
        form = RefreshSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        tokens.revoke_refresh_token(form.validated_data["refresh"], user=request.user)
        return Response(status=status.HTTP_205_RESET_CONTENT)


class ProfileView(generics.RetrieveUpdateAPIView):
    """The caller's own profile: always resolved from the token, never from an id."""

    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_object(self):
        return self.request.user

    def perform_update(self, serializer):
        serializer.instance = update_user_from(serializer)


class IsAdminOrSelf(permissions.BasePermission):
    def has_object_permission(self, request, view, user):
        return request.user.is_staff or user.pk == request.user.pk


class UserViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Admins list and create users; a user sees and edits only themself. Others' ids answer 404."""

    serializer_class = UserSerializer
    permission_classes = [permissions.IsAuthenticated, IsAdminOrSelf]
    # Ids are integers: `users/register/` or `users/null,null/` is no route (a JSON 404), never a 500.
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        users = User.objects.select_related("artist").order_by("pk")
        return users if self.request.user.is_staff else users.filter(pk=self.request.user.pk)

    def list(self, request, *args, **kwargs):
        if not request.user.is_staff:
            self.permission_denied(request, message="Only admins can list users.")
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RegisterSerializer, responses={201: UserSerializer})
    def create(self, request, *args, **kwargs):
        """An admin opens an account for someone: the same checks and sign-up signal as registering.

        An artist account starts pending, as at sign-up; approving it stays with the approval queue.
        """
        if not request.user.is_staff:
            self.permission_denied(request, message="Only admins can create users.")
        form = RegisterSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        user = services.register_user(**form.validated_data)
        return Response(UserSerializer(user).data, status=status.HTTP_201_CREATED)

    def get_object(self):
        user = get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
        self.check_object_permissions(self.request, user)
        return user

    def perform_update(self, serializer):
        serializer.instance = update_user_from(serializer)

    def perform_destroy(self, user):
        # Accounts are deactivated, not deleted: orders and sales must keep their buyer and seller.
        services.deactivate_user(user=user)


def update_user_from(serializer):
    changes = dict(serializer.validated_data)
    return services.update_profile(user=serializer.instance, **changes)
