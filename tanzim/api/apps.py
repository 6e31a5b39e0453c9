from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tanzim.api"
    label = "api"
