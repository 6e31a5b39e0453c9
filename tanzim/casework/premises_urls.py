from django.urls import path

from tanzim.casework import premises_views

app_name = "premises"

urlpatterns = [
    path("", premises_views.premises_list, name="list"),
    path("mine/", premises_views.premises_mine, name="mine"),
    path("organ/<int:organ_id>/new/", premises_views.premises_new, name="new"),
    path("<int:premises_id>/", premises_views.premises_detail, name="detail"),
    path("<int:premises_id>/edit/", premises_views.premises_edit, name="edit"),
    path("<int:premises_id>/needs/", premises_views.premises_need, name="need"),
    path("needs/<int:need_id>/", premises_views.need_status, name="need_status"),
]
