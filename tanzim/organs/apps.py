from django.apps import AppConfig


class OrgansConfig(AppConfig):
    name = "tanzim.organs"
    label = "organs"
