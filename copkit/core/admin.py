from django.contrib import admin

from copkit.core.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The action log, read-only for staff: nobody adds, changes or deletes entries here."""

    list_display = ["created_at", "action", "actor", "object_type", "object_id", "community_slug"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_type", "object_id", "community_slug", "actor__username"]
    date_hierarchy = "created_at"
    list_select_related = ["actor"]
    readonly_fields = ["created_at", "actor", "action", "object_type", "object_id", "community",
                       "community_slug", "details"]

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_staff

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
