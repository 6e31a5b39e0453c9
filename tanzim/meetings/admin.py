from django.contrib import admin

from tanzim.meetings.models import (
    AgendaItem,
    Attendance,
    Directive,
    DirectiveTarget,
    InviteeGroup,
    Meeting,
    MeetingChair,
    ProgressReport,
)


class ChairInline(admin.TabularInline):
    model = MeetingChair
    raw_id_fields = ["person", "mandate"]
    extra = 0


class AgendaInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


class GroupInline(admin.TabularInline):
    model = InviteeGroup
    raw_id_fields = ["organ", "territory"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title_ar", "organ", "kind", "day", "status"]
    list_filter = ["kind", "status", "place_mode"]
    search_fields = ["title_ar", "title_fr"]
    date_hierarchy = "day"
    raw_id_fields = ["organ", "premises", "created_by"]
    inlines = [ChairInline, AgendaInline, GroupInline]


@admin.register(Attendance)
class AttendanceAdmin(admin.ModelAdmin):
    list_display = ["meeting", "person", "status", "checked_in_by"]
    list_filter = ["status", "checked_in_by"]
    raw_id_fields = ["meeting", "person", "group"]


class TargetInline(admin.TabularInline):
    model = DirectiveTarget
    raw_id_fields = ["organ"]
    extra = 0


@admin.register(Directive)
class DirectiveAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organ", "issued_on", "due_on"]
    list_filter = ["deadline_kind", "indicator"]
    search_fields = ["text_ar", "text_fr"]
    raw_id_fields = ["meeting", "organ", "target_territory", "created_by"]
    inlines = [TargetInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ["target", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["target", "author"]
