"""Single sign-on through the organisation's OpenID Connect provider (issue 19).

mozilla-django-oidc runs the authorisation-code flow (state, nonce, PKCE, ID token signature);
this module adds what copkit needs around it:
- endpoints found by discovery (`<issuer>/.well-known/openid-configuration`, cached an hour) at
  sign-in time, so a provider that is down gives a page, never a failed start-up or a 500;
- the ID token's issuer and audience checked (the library leaves them to the application);
- an address the provider has verified (`email_verified` or the configured claim), in an allowed
  domain; the first sign-in creates the account or links it to the account with that address;
- names from the configured claims; roles never come from the provider (staff grant them).
Everything is read from settings (COPKIT_OIDC_*, copkit/settings/base.py; docs/deploy.md).
"""

import base64
import hashlib
import logging
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

logger = logging.getLogger("copkit.oidc")

DISCOVERY_SECONDS = 3600
# Set in the session of a person signed in through the provider (see provider_second_factor).
SESSION_SIGNED_IN_BY_PROVIDER = "copkit_oidc"


class SignInRefused(Exception):
    """A sign-in through the provider that ends on an explanation page (oidc_views.REASONS)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def oidc_enabled() -> bool:
    return settings.COPKIT_OIDC_ENABLED


def sign_in_options() -> dict:
    """What the sign-in page offers: the organisation's provider, the password form, or both."""
    return {"oidc_enabled": oidc_enabled(),
            "oidc_provider_name": settings.COPKIT_OIDC_PROVIDER_NAME,
            "local_accounts": settings.COPKIT_LOCAL_ACCOUNTS}


def provider_endpoints() -> dict:
    """The provider's metadata: discovered from the issuer, then the explicit endpoints over it."""
    explicit = {key: value for key, value in settings.COPKIT_OIDC_ENDPOINTS.items() if value}
    issuer = settings.COPKIT_OIDC_ISSUER
    if not issuer:
        return explicit
    key = "copkit-oidc-discovery:" + hashlib.sha256(issuer.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        try:
            response = requests.get(f"{issuer}/.well-known/openid-configuration",
                                    timeout=settings.OIDC_TIMEOUT)
            response.raise_for_status()
            found = response.json()
        except (requests.RequestException, ValueError) as exc:
            logger.warning("OIDC discovery failed for %s: %s", issuer, exc.__class__.__name__)
            raise SignInRefused("provider") from exc
        if not isinstance(found, dict) or "authorization_endpoint" not in found:
            raise SignInRefused("provider")
        cache.set(key, found, DISCOVERY_SECONDS)
    return {**found, **explicit}


def email_domain(address: str) -> str:
    return address.rpartition("@")[2].lower()


def claims_check(claims: dict) -> str:
    """The verified address these claims give, or SignInRefused (unverified / domain)."""
    names = settings.COPKIT_OIDC_CLAIMS
    address = str(claims.get(names["email"]) or "").strip()
    verified = claims.get(names["email_verified"])
    # Some providers send the flag as the string "true".
    if not address or "@" not in address or verified not in (True, "true", "True"):
        raise SignInRefused("unverified")
    allowed = settings.COPKIT_OIDC_ALLOWED_DOMAINS
    if allowed and email_domain(address) not in allowed:
        raise SignInRefused("domain")
    return address


def _username_for(address: str) -> str:
    """The address itself (staff recognise it in the admin), unless another account has it."""
    User = get_user_model()
    username = address.lower()[:150]
    if not User.objects.filter(username__iexact=username).exists():
        return username
    digest = base64.urlsafe_b64encode(hashlib.sha256(username.encode()).digest()).decode()
    return f"oidc-{digest[:32]}"


class ProviderBackend(OIDCAuthenticationBackend):
    """Answers only the provider's callback (copkit/core/oidc_views.py), when OIDC is on."""

    def __init__(self, *args, **kwargs) -> None:
        # The library reads the endpoints here; ours come from discovery at sign-in time
        # (authenticate), so that every password sign-in does not ask the provider.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        if not oidc_enabled() or request is None or "nonce" not in kwargs:
            return None
        endpoints = provider_endpoints()
        self.OIDC_OP_TOKEN_ENDPOINT = endpoints.get("token_endpoint", "")
        self.OIDC_OP_USER_ENDPOINT = endpoints.get("userinfo_endpoint", "")
        self.OIDC_OP_JWKS_ENDPOINT = endpoints.get("jwks_uri")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None
        self._issuer = endpoints.get("issuer")
        if not self.OIDC_OP_TOKEN_ENDPOINT or not self.OIDC_OP_JWKS_ENDPOINT:
            raise SignInRefused("provider")
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            logger.warning("OIDC token or user-info request failed: %s", exc.__class__.__name__)
            raise SignInRefused("provider") from exc

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        if kwargs.get("nonce") is None:  # a signed user-info answer, not the ID token
            return payload
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client")
        if self._issuer and payload.get("iss") != self._issuer:
            raise SuspiciousOperation("ID token from another issuer")
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        # The ID token's claims, completed by the user-info endpoint: Entra ID puts optional
        # claims (xms_edov) in the ID token only.
        claims = dict(payload)
        if self.OIDC_OP_USER_ENDPOINT:
            claims.update(super().get_userinfo(access_token, id_token, payload))
        return claims

    def verify_claims(self, claims) -> bool:
        claims_check(claims)
        return True

    def filter_users_by_claims(self, claims):
        address = claims_check(claims)
        return self.UserModel.objects.filter(email__iexact=address)

    def create_user(self, claims):
        address = claims_check(claims)
        user = self.UserModel(username=_username_for(address), email=address)
        user.set_unusable_password()  # signs in through the provider only
        self._copy_names(user, claims)
        user.save()
        logger.info("OIDC: account %s created at first sign-in", user.pk)
        return user

    def update_user(self, user, claims):
        # Names follow the provider; is_staff, is_superuser and memberships never do.
        if self._copy_names(user, claims):
            user.save(update_fields=["first_name", "last_name"])
        return user

    @staticmethod
    def _copy_names(user, claims) -> bool:
        names = settings.COPKIT_OIDC_CLAIMS
        changed = False
        for field in ("first_name", "last_name"):
            value = str(claims.get(names[field]) or "").strip()[:150]
            if value and getattr(user, field) != value:
                setattr(user, field, value)
                changed = True
        return changed


def provider_sign_out_url(request: HttpRequest) -> str | None:
    """Where to end the provider's session too (RP-initiated logout), read before the local
    session is flushed; None when the provider has no end-session endpoint."""
    id_token = request.session.get("oidc_id_token")
    if not oidc_enabled() or not id_token:
        return None
    try:
        endpoint = provider_endpoints().get("end_session_endpoint")
    except SignInRefused:
        return None  # the local session still ends
    if not endpoint:
        return None
    query = urlencode({"id_token_hint": id_token, "client_id": settings.OIDC_RP_CLIENT_ID,
                       "post_logout_redirect_uri": request.build_absolute_uri(reverse("login"))})
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


def provider_second_factor(request: HttpRequest) -> bool:
    """True when this session's second factor is the provider's job: signed in through it, and
    COPKIT_OIDC_PROVIDER_MFA says the provider asks one (docs/deploy.md). Off by default, so
    staff confirm their TOTP code after the provider too."""
    return (settings.COPKIT_OIDC_PROVIDER_MFA
            and request.session.get(SESSION_SIGNED_IN_BY_PROVIDER) is True)


def provider_origins() -> list[str]:
    """Origins the sign-out form may be redirected to (the provider's end-session endpoint):
    browsers apply the form-action policy to a form's redirects too."""
    if not oidc_enabled():
        return []
    addresses = [settings.COPKIT_OIDC_ISSUER,
                 settings.COPKIT_OIDC_ENDPOINTS["end_session_endpoint"]]
    origins = []
    for address in filter(None, addresses):
        parts = urlsplit(address)
        origin = f"{parts.scheme}://{parts.netloc}"
        if parts.scheme in ("http", "https") and parts.netloc and origin not in origins:
            origins.append(origin)
    return origins
