from django.urls import path

from tanzim.press import notice_views as views

app_name = "inbox"
urlpatterns = [
    path("", views.inbox_list, name="list"),
    path("<int:message_id>/open/", views.inbox_open, name="open"),
    path("read-all/", views.inbox_read_all_view, name="read_all"),
]
