from django.urls import path

from tanzim.people import import_views, views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_enroll, name="enroll"),
    path("export.<str:fmt>", views.members_export, name="export"),
    path("<int:membership_id>/", views.member_detail, name="detail"),
    path("<int:membership_id>/status/", views.member_status, name="status"),
    path("<int:membership_id>/dues/", views.member_dues, name="dues"),
    path("<int:membership_id>/data.<str:fmt>", views.member_data, name="data"),
    path("<int:membership_id>/erase/", views.member_erase, name="erase"),
    path("<int:membership_id>/card/<str:action>/", views.card_action, name="card"),
    path("<int:membership_id>/card.pdf", views.card_pdf, name="card_pdf"),
    path("organ/<int:organ_id>/cards.pdf", views.organ_cards_pdf, name="organ_cards"),
    path("imports/", import_views.import_list, name="imports"),
    path("imports/<int:import_id>/", import_views.import_detail, name="import"),
    path("imports/<int:import_id>/progress/", import_views.import_progress_partial, name="import_progress"),
    path("imports/<int:import_id>/run/", import_views.import_real_run, name="import_run"),
    path("imports/<int:import_id>/report.xlsx", import_views.import_report, name="import_report"),
    path(
        "imports/issue/<int:issue_id>/<str:decision>/", import_views.import_issue_decide, name="import_issue"
    ),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/organ/<int:organ_id>/", views.campaign_roll, name="campaign_roll"),
    path(
        "campaigns/<int:campaign_id>/check/<int:membership_id>/", views.campaign_check, name="campaign_check"
    ),
]
