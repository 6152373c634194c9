"""Key results keep their progress bar's fraction beside the values it comes from, filled in
here for the ones that exist."""

from django.db import migrations, models

from waypoint.domain import progress as dp


def fill_progress(apps, schema_editor):
    KeyResult = apps.get_model("okrs", "KeyResult")

    def number(value):
        return None if value is None else float(value)

    changed = []
    for kr in KeyResult.objects.only("kind", "baseline", "target", "current").iterator():
        measure = dp.Measure(kr.kind, number(kr.baseline), number(kr.target), number(kr.current))
        progress = dp.kr_progress(measure)
        kr.progress_display = None if progress.raw is None else progress.display
        changed.append(kr)
    KeyResult.objects.bulk_update(changed, ["progress_display"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("okrs", "0004_check_in_as_of_and_corrections"),
    ]

    operations = [
        migrations.AddField(
            model_name="keyresult",
            name="progress_display",
            field=models.FloatField(blank=True, db_index=True, editable=False, null=True),
        ),
        migrations.RunPython(fill_progress, migrations.RunPython.noop),
    ]
