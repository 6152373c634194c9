from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "waypoint.accounts"
    verbose_name = "Accounts"
