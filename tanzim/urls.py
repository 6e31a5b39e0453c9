from django.contrib import admin
from django.urls import include, path

from tanzim.people.views import card_verify

urlpatterns = [
    path("", include("tanzim.access.urls")),
    path("territory/", include("tanzim.territory.urls")),
    path("organs/", include("tanzim.organs.urls")),
    path("people/", include("tanzim.people.urls")),
    path("members/", include("tanzim.people.member_urls")),
    path("meetings/", include("tanzim.meetings.urls")),
    path("directives/", include("tanzim.meetings.directive_urls")),
    path("notices/", include("tanzim.press.notice_urls")),
    path("inbox/", include("tanzim.press.inbox_urls")),
    path("press/", include("tanzim.press.urls")),
    path("news/", include("tanzim.press.public_urls")),
    path("casework/", include("tanzim.casework.urls")),
    path("doleances/", include("tanzim.casework.public_urls")),
    path("ethics/", include("tanzim.casework.ethics_urls")),
    path("premises/", include("tanzim.casework.premises_urls")),
    path("elections/", include("tanzim.elections.urls")),
    path("oversight/", include("tanzim.oversight.urls")),
    path("api/", include("tanzim.api.urls")),
    path("v/<str:token>/", card_verify, name="card_verify"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]
