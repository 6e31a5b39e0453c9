from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "tanzim.core"
    label = "core"
