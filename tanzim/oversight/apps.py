from django.apps import AppConfig


class OversightConfig(AppConfig):
    name = "tanzim.oversight"
    label = "oversight"
    verbose_name = "Oversight: coverage, scorecards, evaluation"
