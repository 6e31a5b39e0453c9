from django.urls import path

from tanzim.press import feeds, public_views

app_name = "news"
urlpatterns = [
    path("", public_views.news_list, name="list"),
    path("rss/", feeds.CommuniquesRss(), name="rss"),
    path("atom/", feeds.CommuniquesAtom(), name="atom"),
    path("language/", public_views.news_language, name="language"),
    path("t/<str:code>/", public_views.news_territory, name="territory"),
    path("t/<str:code>/rss/", feeds.CommuniquesRss(), name="territory_rss"),
    path("t/<str:code>/atom/", feeds.CommuniquesAtom(), name="territory_atom"),
    path("o/<int:organ_id>/", public_views.news_organ, name="organ"),
    path("<int:communique_id>/", public_views.news_detail, name="detail"),
    path("<int:communique_id>/comment/", public_views.news_comment, name="comment"),
]
