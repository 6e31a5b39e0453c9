from django.contrib import admin

from tanzim.press.models import Comment, Communique


@admin.register(Communique)
class CommuniqueAdmin(admin.ModelAdmin):
    list_display = ["title_ar", "organ", "status", "published_at", "views"]
    list_filter = ["status"]
    search_fields = ["title_ar", "title_fr"]
    raw_id_fields = ["organ", "meeting", "author"]
    readonly_fields = ["views", "created_at", "updated_at"]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "communique", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["communique", "moderated_by"]
    readonly_fields = ["visitor"]
