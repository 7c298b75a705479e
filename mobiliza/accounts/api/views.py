"""Log-in for API clients: a token for an e-mail and password."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny

from mobiliza.accounts.forms import authenticate_by_email


class TokenSerializer(AuthTokenSerializer):
    """DRF's token log-in, checked like the web log-in so that django-axes counts failures."""

    def validate(self, attrs: dict) -> dict:
        username, password = attrs.get("username"), attrs.get("password")
        user = authenticate_by_email(self.context.get("request"), username or "", password or "")
        if user is None:
            raise serializers.ValidationError(
                _("Unable to log in with provided credentials."), code="authorization"
            )
        attrs["user"] = user
        return attrs


class TokenView(ObtainAuthToken):
    """POST ``username`` (e-mail) and ``password``; get ``{"token": ...}``."""

    permission_classes = [AllowAny]
    serializer_class = TokenSerializer
