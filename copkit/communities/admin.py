from django.contrib import admin

from copkit.communities.models import Community, Invitation, Membership
from copkit.core.admin import LabelledTabularInline
from copkit.core.forms import ModelForm


class MembershipInline(LabelledTabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin):
    form = ModelForm  # the name and organisation hold one line, as on the coordinators' pages
    list_display = ["name", "organisation", "phase", "language", "updated_at"]
    list_filter = ["phase", "language"]
    search_fields = ["name", "organisation", "domain"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "community__name"]
    autocomplete_fields = ["user", "community"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "community", "role", "created_at", "expires_at", "accepted_at",
                    "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "community__name"]
    readonly_fields = ["token_hash", "accepted_at", "accepted_by"]

    def has_add_permission(self, request) -> bool:
        # An invitation is only useful with its e-mailed link: coordinators send them from
        # "People and invitations", staff appoint advisors from the "KM advisors" page.
        return False
