from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from tanzim.people.models import Person


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["full_name_ar", "full_name_latin", "home"]
    search_fields = ["full_name_ar", "full_name_latin", "cin"]
    raw_id_fields = ["home", "commune"]
