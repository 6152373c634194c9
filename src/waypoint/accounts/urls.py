from django.contrib.auth.decorators import login_not_required
from django.urls import path

from waypoint.accounts import views
from waypoint.accounts.sso import SsoCallbackView, SsoStartView

app_name = "accounts"

urlpatterns = [
    path("invitations/<str:token>/", views.invitation_accept, name="invitation-accept"),
    path("sso/start/", login_not_required(SsoStartView.as_view()), name="sso-start"),
    path("sso/callback/", login_not_required(SsoCallbackView.as_view()), name="sso-callback"),
]
