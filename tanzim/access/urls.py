from django.contrib.auth import views as auth_views
from django.urls import path

from tanzim.access import views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/login/code/", views.login_code, name="login_code"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/security/", views.account_security, name="account_security"),
    path("accounts/security/enrol/", views.totp_enrol, name="totp_enrol"),
    path("accounts/security/disable/", views.totp_disable_view, name="totp_disable"),
    path("audit/", views.audit_list, name="audit"),
]
