from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tanzim.organs.models import Mandate, Organ, Premises


@admin.register(Organ)
class OrganAdmin(SimpleHistoryAdmin):
    list_display = ["name_ar", "kind", "territory", "provisional", "status"]
    list_filter = ["kind", "provisional", "status"]
    search_fields = ["name_ar", "name_fr"]
    raw_id_fields = ["territory", "parent"]


@admin.register(Mandate)
class MandateAdmin(SimpleHistoryAdmin):
    list_display = ["person", "organ", "role", "how", "start", "attested_from", "end"]
    list_filter = ["role", "how"]
    raw_id_fields = ["person", "organ"]


@admin.register(Premises)
class PremisesAdmin(SimpleHistoryAdmin):
    list_display = ["name_ar", "organ", "status"]
    raw_id_fields = ["organ", "commune"]
