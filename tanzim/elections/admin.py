from django.contrib import admin

from tanzim.elections.models import (
    Appeal,
    Applicant,
    Body,
    Call,
    Constituency,
    Election,
    Incompatibility,
    RegistrationPeriod,
    RegistrationTarget,
    Term,
)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "kind", "territory"]
    list_filter = ["kind"]
    search_fields = ["name_ar", "name_fr"]


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["person", "office", "rank", "body", "constituency", "start", "end"]
    list_filter = ["office", "body__kind"]
    raw_id_fields = ["person", "body", "constituency"]


@admin.register(Incompatibility)
class IncompatibilityAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "severity"]


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "kind", "polling_day"]


@admin.register(Constituency)
class ConstituencyAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "election", "territory", "seats", "list_kind"]
    raw_id_fields = ["territory"]


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organ", "status", "opens_on", "closes_on"]
    raw_id_fields = ["constituency", "organ", "arbitration"]
    # Scores, conflicts, decisions and appeals are written through the pages (audited), not here.
    readonly_fields = ["status", "decided_on", "decision_reasons", "decided_by"]


@admin.register(Applicant)
class ApplicantAdmin(admin.ModelAdmin):
    list_display = ["person", "call", "applied_on", "outcome", "rank"]
    raw_id_fields = ["person", "call"]
    readonly_fields = ["outcome", "rank", "weighted_score"]


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ["applicant", "committee", "status", "filed_on"]
    readonly_fields = [
        "applicant",
        "committee",
        "grounds",
        "filed_on",
        "filed_by",
        "status",
        "ruling",
        "ruled_on",
    ]


@admin.register(RegistrationPeriod)
class RegistrationPeriodAdmin(admin.ModelAdmin):
    list_display = ["starts_on", "ends_on", "remind_days"]


@admin.register(RegistrationTarget)
class RegistrationTargetAdmin(admin.ModelAdmin):
    list_display = ["territory", "target"]
    raw_id_fields = ["territory"]
