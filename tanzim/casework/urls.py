from django.urls import path

from tanzim.casework import views

app_name = "casework"

urlpatterns = [
    path("", views.board, name="board"),
    path("export.csv", views.export, name="export"),
    path("new/", views.intake, name="new"),
    path("organ/<int:organ_id>/", views.organ_board, name="organ_board"),
    path("parliamentarian/<int:person_id>/", views.parliamentarian_board, name="parliamentarian_board"),
    path("<int:case_id>/", views.detail, name="detail"),
    path("<int:case_id>/step/", views.step, name="step"),
    path("<int:case_id>/link/", views.link, name="link"),
    path("<int:case_id>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
