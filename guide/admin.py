from django.contrib import admin
from django.db import models

from copkit.core.admin import LabelledTabularInline
from copkit.core.forms import BoundedJSONField
from guide.models import Node, Part, QuestionProgress, Text
from guide.textsearch import fold, strip_markdown


class TextInline(LabelledTabularInline):
    model = Text
    fields = ["field", "language", "value", "provenance", "edited"]
    extra = 0
    show_change_link = True


@admin.register(Part)
class PartAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "order", "provenance"]
    ordering = ["order"]


@admin.register(Node)
class NodeAdmin(admin.ModelAdmin):
    list_display = ["key", "part", "kind", "order", "active"]
    list_filter = ["part", "kind", "active"]
    search_fields = ["key"]
    inlines = [TextInline]
    formfield_overrides = {models.JSONField: {"form_class": BoundedJSONField}}


@admin.register(Text)
class TextAdmin(admin.ModelAdmin):
    list_display = ["__str__", "language", "provenance", "edited", "updated_at"]
    list_filter = ["language", "field", "provenance", "edited", "part"]
    search_fields = ["search", "node__key", "part__key"]
    raw_id_fields = ["node", "edited_by"]
    readonly_fields = ["edited_by"]

    def save_model(self, request, obj, form, change):
        # Saved in the admin = edited by KM staff: reloading the shipped files keeps it.
        obj.search = fold(strip_markdown(obj.value))
        if "value" in form.changed_data:
            obj.edited, obj.edited_by = True, request.user
        super().save_model(request, obj, form, change)


@admin.register(QuestionProgress)
class QuestionProgressAdmin(admin.ModelAdmin):
    list_display = ["community", "question", "status", "updated_by", "updated_at"]
    list_filter = ["status", "community"]
    raw_id_fields = ["question", "updated_by"]
