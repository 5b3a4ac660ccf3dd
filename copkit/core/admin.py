from django.contrib import admin

from copkit.core.models import AuditEvent, PublicText


class LabelledTabularInline(admin.TabularInline):
    """A tabular inline whose every field is named for assistive technology.

    Django's table shows each field's name once, in the column header, and gives the inputs of
    the rows no label (axe: label, select-name, WCAG 1.3.1/4.1.2). Each input, the "delete"
    box included, gets its column's name as `aria-label`.
    """

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class Labelled(formset):
            def add_fields(self, form, index):
                super().add_fields(form, index)
                for field in form.fields.values():
                    if field.label:
                        field.widget.attrs.setdefault("aria-label", str(field.label))

        return Labelled


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


@admin.register(PublicText)
class PublicTextAdmin(admin.ModelAdmin):
    """The sections of the accessibility statement and the privacy notice, edited by staff in
    the three languages (copkit/core/content.py seeds them)."""

    list_display = ("page", "order", "key", "title_fr", "updated_at")
    list_filter = ("page",)
    readonly_fields = ("page", "key", "updated_at")
    fields = ("page", "key", "order", "title_fr", "body_fr", "title_nl", "body_nl", "title_en",
              "body_en", "updated_at")
