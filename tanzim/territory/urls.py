from django.urls import path

from tanzim.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.country, name="country"),
    path("<str:code>/", views.detail, name="detail"),
]
