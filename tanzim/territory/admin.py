from django.contrib import admin

from tanzim.territory.models import Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name_ar", "name_fr", "level", "kind", "population_2024"]
    list_filter = ["level", "kind"]
    search_fields = ["code", "name_ar", "name_fr"]
    readonly_fields = ["path", "depth", "parent", "cercle", "district"]
