from django.contrib import admin

from copkit.communities.models import Community, Invitation, Membership
from copkit.core import audit
from copkit.core.admin import LabelledTabularInline
from copkit.core.forms import ModelForm


def _record(request, membership: Membership, action: str) -> None:
    audit.record(action=action, actor=request.user, obj=membership.user,
                 community=membership.community,
                 details={"role": membership.role, "user": membership.user.username,
                          "how": "admin"})


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

    def save_formset(self, request, form, formset, change):
        # Roles given or taken on the community's admin page go to the action log too.
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            if isinstance(obj, Membership):
                _record(request, obj, audit.AuditAction.ROLE_REMOVED)
            obj.delete()
        for obj in instances:
            created = obj._state.adding
            obj.save()
            if isinstance(obj, Membership) and created:
                _record(request, obj, audit.AuditAction.ROLE_GRANTED)
        formset.save_m2m()


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "community", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "community__name"]
    autocomplete_fields = ["user", "community"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            _record(request, obj, audit.AuditAction.ROLE_GRANTED)

    def delete_model(self, request, obj):
        _record(request, obj, audit.AuditAction.ROLE_REMOVED)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("user", "community"):
            _record(request, obj, audit.AuditAction.ROLE_REMOVED)
        super().delete_queryset(request, queryset)


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
