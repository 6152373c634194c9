from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "waypoint.exchange"
    verbose_name = "Spreadsheets and dumps"
