from django.urls import path

from tanzim.api.views import api

urlpatterns = [path("", api.urls)]
