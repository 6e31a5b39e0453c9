from django.urls import path

from tanzim.meetings import views

app_name = "directives"

urlpatterns = [
    path("", views.directive_list, name="list"),
    path("<int:directive_id>/", views.directive_detail, name="detail"),
    path("<int:directive_id>/report/", views.directive_report, name="report"),
    path("evidence/<int:report_id>/", views.evidence_download, name="evidence"),
]
