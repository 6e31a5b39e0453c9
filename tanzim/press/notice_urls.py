from django.urls import path

from tanzim.press import notice_views as views

app_name = "notices"
urlpatterns = [
    path("", views.notice_list, name="list"),
    path("new/", views.notice_new, name="new"),
    path("<int:notice_id>/", views.notice_detail, name="detail"),
    path("<int:notice_id>/attachment/", views.notice_attachment, name="attachment"),
    path("received/<int:recipient_id>/", views.notice_received, name="received"),
    path(
        "received/<int:recipient_id>/attachment/",
        views.notice_received_attachment,
        name="received_attachment",
    ),
    path("received/<int:recipient_id>/reply/", views.notice_reply_send, name="reply"),
    path("replies/<int:reply_id>/attachment/", views.notice_reply_attachment, name="reply_attachment"),
]
