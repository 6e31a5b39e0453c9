from django.apps import AppConfig


class PressConfig(AppConfig):
    name = "tanzim.press"
    label = "press"
    verbose_name = "Communiqués, notices and memos"
