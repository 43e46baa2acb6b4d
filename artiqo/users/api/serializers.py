from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from artiqo.users.services import ROLES

User = get_user_model()


class ArtistSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.SlugField()
    name = serializers.CharField()
    status = serializers.CharField()


class UserSerializer(serializers.ModelSerializer):
    """A user as the API shows them; `address` is the default delivery address."""

    address = serializers.CharField(source="default_address", required=False, allow_blank=True)
    phone_number = serializers.CharField(required=False, allow_blank=True)
    role = serializers.CharField(read_only=True)
    artist = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "email", "first_name", "last_name", "phone_number", "address", "role", "artist"]
        read_only_fields = ["id", "role", "artist"]
        # Uniqueness is checked (case-insensitively) by the service, with the same messages as sign-up.
        extra_kwargs = {"username": {"validators": []}, "email": {"validators": []}}

    @extend_schema_field(ArtistSummarySerializer(allow_null=True))
    def get_artist(self, user):
        """The artist record, read through the reverse relation (users never imports artists)."""
        artist = getattr(user, "artist", None)
        if artist is None:
            return None
        return {"id": artist.pk, "slug": artist.slug, "name": artist.display_name, "status": artist.status}

    def to_representation(self, user):
        data = super().to_representation(user)
        data["phone_number"] = str(user.phone_number or "")
        return data


class RegisterSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    email = serializers.EmailField()
    password = serializers.CharField(write_only=True, style={"input_type": "password"})
    first_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    last_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=ROLES, required=False, default="buyer")
    artist_name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    city = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")

    def validate_username(self, username):
        User.username.field.run_validators(username)
        return username


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(help_text="Username or email address.")
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


class RefreshSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()


class SessionSerializer(TokenPairSerializer):
    user = UserSerializer()
