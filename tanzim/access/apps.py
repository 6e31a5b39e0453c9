from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "tanzim.access"
    label = "access"
