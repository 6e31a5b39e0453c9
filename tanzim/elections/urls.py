from django.urls import path

from tanzim.elections import views

app_name = "elections"
urlpatterns = [
    path("", views.roster, name="roster"),
    path("bodies/<int:body_id>/", views.body_detail, name="body"),
    path("terms/new/", views.term_new, name="term_new"),
    path("terms/<int:term_id>/end/", views.term_end_view, name="term_end"),
    path("incompatibilities/", views.incompatibilities, name="incompatibilities"),
    path("incompatibilities/add/", views.incompatibility_add, name="incompatibility_add"),
    path("calls/", views.call_list, name="calls"),
    path("calls/new/", views.call_new, name="call_new"),
    path("calls/<int:call_id>/", views.call_detail, name="call"),
    path("calls/<int:call_id>/setup/<str:what>/", views.call_setup, name="call_setup"),
    path("calls/<int:call_id>/decide/", views.call_decide, name="decide"),
    path("applicants/<int:applicant_id>/", views.applicant_detail, name="applicant"),
    path("applicants/<int:applicant_id>/file/", views.applicant_file, name="applicant_file"),
    path("applicants/<int:applicant_id>/conflict/", views.conflict_declare, name="conflict"),
    path("applicants/<int:applicant_id>/score/", views.score, name="score"),
    path("applicants/<int:applicant_id>/appeal/", views.appeal_file, name="appeal"),
    path("appeals/<int:appeal_id>/rule/", views.appeal_rule, name="appeal_rule"),
    path("registration/", views.registration, name="registration"),
    path("registration/mine/", views.my_registration, name="my_registration"),
    path("registration/period/", views.registration_period, name="registration_period"),
    path("registration/<str:code>/", views.registration_unit, name="registration_unit"),
    path("registration/<str:code>/target/", views.registration_target, name="registration_target"),
    path("registration/<str:code>/declare/", views.registration_record, name="registration_record"),
]
