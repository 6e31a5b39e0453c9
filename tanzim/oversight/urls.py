from django.urls import path

from tanzim.oversight import views

app_name = "oversight"

urlpatterns = [
    path("", views.home, name="home"),
    path("t/<str:code>/", views.dashboard, name="dashboard"),
    path("t/<str:code>/export.<str:fmt>", views.dashboard_export, name="export"),
    path("t/<str:code>/scorecard/", views.scorecard_view, name="scorecard"),
    path("settings/", views.settings_view, name="settings"),
    path("surveys/", views.survey_list, name="surveys"),
    path("surveys/new/<int:organ_id>/", views.survey_new, name="survey_new"),
    path("surveys/<int:survey_id>/", views.survey_detail, name="survey"),
    path("surveys/<int:survey_id>/results.<str:fmt>", views.survey_export, name="survey_export"),
    path("surveys/<int:survey_id>/close/", views.survey_close_view, name="survey_close"),
    path("me/", views.my_evaluations, name="mine"),
    path("me/<int:survey_id>/", views.survey_answer_view, name="answer"),
]
