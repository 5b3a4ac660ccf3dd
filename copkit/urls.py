from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from copkit.core import legal_views, oidc_views, two_factor_views
from copkit.core import views as core_views
from copkit.core.favicon import favicon

urlpatterns = [
    # Before Django's own set_language: ours resolves `next` in the language of its prefix.
    path("i18n/setlang/", core_views.set_language, name="set_language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("health/", core_views.health, name="health"),
    path("favicon.ico", favicon, name="favicon"),
    # Issue 19: the provider's answer to a single sign-on, at one address without a language
    # prefix (the redirect URI registered at the provider); 404 while OIDC is off.
    path("oidc/callback/", oidc_views.CallbackView.as_view(), name="oidc_authentication_callback"),
]

urlpatterns += i18n_patterns(
    path("", core_views.home, name="home"),
    # Before Django's own: `next` goes through copkit.core.redirects; a new password also lifts
    # a sign-in lockout.
    path("accounts/login/", core_views.LoginView.as_view(), name="login"),
    # Ends the provider's session too after a single sign-on (issue 19).
    path("accounts/logout/", core_views.LogoutView.as_view(), name="logout"),
    # Issue 19: "Sign in with <organisation>" (404 while OIDC is off).
    path("accounts/oidc/", oidc_views.SignInView.as_view(), name="oidc_sign_in"),
    path("accounts/reset/<uidb64>/<token>/", core_views.PasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    # Issue 19: the second factor for staff (COPKIT_STAFF_2FA), before any other page.
    path("accounts/two-factor/", two_factor_views.two_factor_verify, name="two_factor_verify"),
    path("accounts/two-factor/setup/", two_factor_views.two_factor_setup,
         name="two_factor_setup"),
    path("accounts/", include("django.contrib.auth.urls")),
    # The admin's sign-in is copkit's when local accounts are off (issue 19).
    path("admin/login/", core_views.admin_login, name="admin_login"),
    path("admin/", admin.site.urls),
    # The community's one action list (issue 16), under the community it belongs to.
    path("communities/<slug:slug>/actions/", include("copkit.actions.urls")),
    path("communities/", include("copkit.communities.urls")),
    path("questionnaires/", include("copkit.questionnaires.urls")),
    path("meetings/", include("copkit.meetings.urls")),
    path("guide/", include("guide.urls")),
    path("toolbox/", include("toolbox.urls")),
    path("compass/", include("compass.urls")),
    path("survey/", include("survey.urls")),
    path("stories/", include("copkit.stories.urls")),
    path("exports/", include("copkit.core.urls")),
    # Issue 19: the accessibility statement and the privacy notice (every footer links to them),
    # and the record of processing for staff.
    path("accessibility/", legal_views.accessibility, name="accessibility"),
    path("privacy/", legal_views.privacy, name="privacy"),
    path("privacy/record.xlsx", legal_views.processing_record_xlsx,
         name="processing_record_xlsx"),
    path("privacy/record.pdf", legal_views.processing_record_pdf, name="processing_record_pdf"),
)
