from django.urls import path

from tanzim.people import views

app_name = "members"
urlpatterns = [
    path("", views.member_list, name="list"),
    path("new/", views.member_enroll, name="enroll"),
    path("export.<str:fmt>", views.members_export, name="export"),
    path("<int:membership_id>/", views.member_detail, name="detail"),
    path("<int:membership_id>/status/", views.member_status, name="status"),
    path("<int:membership_id>/data.<str:fmt>", views.member_data, name="data"),
    path("<int:membership_id>/erase/", views.member_erase, name="erase"),
    path("<int:membership_id>/card/<str:action>/", views.card_action, name="card"),
    path("<int:membership_id>/card.pdf", views.card_pdf, name="card_pdf"),
    path("organ/<int:organ_id>/cards.pdf", views.organ_cards_pdf, name="organ_cards"),
    path("campaigns/", views.campaign_list, name="campaigns"),
    path("campaigns/<int:campaign_id>/", views.campaign_detail, name="campaign"),
    path("campaigns/<int:campaign_id>/organ/<int:organ_id>/", views.campaign_roll, name="campaign_roll"),
    path(
        "campaigns/<int:campaign_id>/check/<int:membership_id>/", views.campaign_check, name="campaign_check"
    ),
]
