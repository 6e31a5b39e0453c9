from django.apps import AppConfig


class ElectionsConfig(AppConfig):
    name = "tanzim.elections"
    label = "elections"
    verbose_name = "Elected officials, candidate selection, voter registration"
