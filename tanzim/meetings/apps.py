from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "tanzim.meetings"
    label = "meetings"
    verbose_name = "Meetings and directives"
