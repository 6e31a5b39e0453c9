from django.urls import path

from tanzim.meetings import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("plan/", views.meeting_plan_view, name="plan"),
    path("<int:meeting_id>/", views.meeting_detail, name="detail"),
    path("<int:meeting_id>/status/", views.meeting_status, name="status"),
    path("<int:meeting_id>/invite/group/", views.meeting_invite_group_view, name="invite_group"),
    path("<int:meeting_id>/invite/people/", views.meeting_invite_people_view, name="invite_people"),
    path("<int:meeting_id>/send/", views.meeting_send, name="send"),
    path("<int:meeting_id>/check-in/", views.meeting_check_in, name="check_in"),
    path("<int:meeting_id>/record/", views.meeting_record, name="record"),
    path("<int:meeting_id>/directive/", views.meeting_directive_issue, name="directive_issue"),
]
