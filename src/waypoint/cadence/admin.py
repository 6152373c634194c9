from django.contrib import admin

from waypoint.cadence import models

for model in (
    models.Commitment,
    models.Meeting,
    models.AgendaItem,
    models.BacklogItem,
    models.Kpi,
    models.KpiReading,
    models.Review,
    models.Score,
):
    admin.site.register(model)
