from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "tanzim.demo"
    label = "demo"
