from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "tanzim.casework"
    label = "casework"
    verbose_name = "Citizens' files, ethics complaints and premises needs"
