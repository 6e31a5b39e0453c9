from django.urls import path

from tanzim.casework import public_views

app_name = "doleances"

urlpatterns = [
    path("", public_views.public_form, name="form"),
    path("suivi/<str:token>/", public_views.follow, name="follow"),
]
