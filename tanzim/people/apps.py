from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "tanzim.people"
    label = "people"
