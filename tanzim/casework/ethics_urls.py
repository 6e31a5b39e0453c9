from django.urls import path

from tanzim.casework import ethics_views

app_name = "ethics"

urlpatterns = [
    path("", ethics_views.complaint_list, name="list"),
    path("new/", ethics_views.complaint_new, name="new"),
    path("<int:complaint_id>/", ethics_views.complaint_detail, name="detail"),
    path("<int:complaint_id>/hearing/", ethics_views.complaint_hearing, name="hearing"),
    path("<int:complaint_id>/decide/", ethics_views.complaint_decision, name="decide"),
    path("<int:complaint_id>/appeal/", ethics_views.complaint_appeal_view, name="appeal"),
]
