"""Django admin (superusers): service levels of citizens' files are set here. Files and complaints
are not listed: their contents are personal data (files) or confidential (complaints), read only
through the scoped pages."""

from django.contrib import admin

from tanzim.casework.models import ServiceLevel


@admin.register(ServiceLevel)
class ServiceLevelAdmin(admin.ModelAdmin):
    list_display = ["status", "days"]
