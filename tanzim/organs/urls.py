from django.urls import path

from tanzim.organs import views

app_name = "organs"
urlpatterns = [
    path("", views.organ_list, name="list"),
    path("<int:organ_id>/", views.organ_detail, name="detail"),
]
