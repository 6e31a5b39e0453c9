from django.urls import path

from tanzim.press import views

app_name = "press"
urlpatterns = [
    path("", views.communique_list, name="list"),
    path(
        "from-meeting/<int:meeting_id>/", views.communique_from_meeting_view, name="communique_from_meeting"
    ),
    path("<int:communique_id>/", views.communique_edit, name="edit"),
    path("<int:communique_id>/publish/", views.communique_publish_view, name="publish"),
    path("<int:communique_id>/withdraw/", views.communique_withdraw_view, name="withdraw"),
    path("<int:communique_id>/communique.pdf", views.communique_pdf, name="pdf"),
    path("meeting/<int:meeting_id>/minutes.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("comments/", views.comment_queue, name="comments"),
    path("comments/<int:comment_id>/<str:decision>/", views.comment_moderate_view, name="comment_moderate"),
]
