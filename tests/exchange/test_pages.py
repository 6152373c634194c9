"""The spreadsheet pages: export and template downloads, upload → preview → import."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import Cast
from tests.exchange.conftest import csv_bytes, database_state, parse_csv
from tests.exchange.test_spreadsheets import row
from tests.factory import make_objective
from waypoint.exchange.models import Upload
from waypoint.okrs.models import Objective, Period


def upload(client: Client, content: bytes, name: str = "okrs.csv"):
    return client.post(
        reverse("exchange:upload"), {"file": SimpleUploadedFile(name, content)}, follow=True
    )


def test_administrators_find_the_spreadsheets_on_the_company_page(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.admin)
    assert reverse("exchange:home") in client.get(reverse("okrs:home")).content.decode()
    client.force_login(cast.bob)
    assert reverse("exchange:home") not in client.get(reverse("okrs:home")).content.decode()


def test_people_who_lead_nothing_cannot_open_the_spreadsheet_pages(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.bob)
    assert client.get(reverse("exchange:home")).status_code == 403
    assert client.get(reverse("exchange:export"), {"period": quarter.slug}).status_code == 403
    client.force_login(cast.alice)  # a unit lead
    assert client.get(reverse("exchange:home")).status_code == 200


def test_export_and_template_download_as_files(client: Client, cast: Cast, quarter: Period) -> None:
    make_objective(quarter, "Make checkout effortless", owner=cast.alice, units=[cast.checkout])
    client.force_login(cast.admin)
    response = client.get(reverse("exchange:export"), {"period": quarter.slug, "format": "csv"})
    assert response["Content-Disposition"] == f'attachment; filename="okrs-{quarter.slug}.csv"'
    assert [r["objective"] for r in parse_csv(response.content)] == ["Make checkout effortless"]
    xlsx = client.get(reverse("exchange:export"), {"period": quarter.slug, "format": "xlsx"})
    assert xlsx.content.startswith(b"PK") and "spreadsheetml" in xlsx["Content-Type"]
    template = client.get(reverse("exchange:template", args=["xlsx"]))
    assert template.status_code == 200 and template.content.startswith(b"PK")
    assert client.get(reverse("exchange:template", args=["exe"])).status_code == 404


def test_a_file_with_problems_is_previewed_with_them_then_fixed_and_imported(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.admin)
    before = database_state()
    bad = csv_bytes([row(quarter), row(quarter, objective="Refunds in a day", target="lots")])
    page = upload(client, bad)
    html = page.content.decode()
    assert "1 problem — nothing has been imported" in html
    assert "Column M (target):" in html and "“lots” is not a number." in html
    assert reverse("exchange:apply", args=[Upload.objects.get().pk]) not in html
    assert not Objective.objects.exists()

    fixed = csv_bytes([row(quarter), row(quarter, objective="Refunds in a day", target="2")])
    page = upload(client, fixed)
    html = page.content.decode()
    assert "Ready to import" in html and "No baseline" not in html
    pending = Upload.objects.latest("pk")
    done = client.post(reverse("exchange:apply", args=[pending.pk]), follow=True)
    assert "Imported okrs.csv: 2 objective(s) created" in done.content.decode()
    assert set(Objective.objects.values_list("title", flat=True)) == {
        "Payments that never fail",
        "Refunds in a day",
    }
    assert not Upload.objects.filter(pk=pending.pk).exists()
    assert database_state() != before


def test_an_upload_is_private_to_whoever_uploaded_it(
    client: Client, cast: Cast, quarter: Period
) -> None:
    client.force_login(cast.admin)
    upload(client, csv_bytes([row(quarter)]))
    pending = Upload.objects.get()
    client.force_login(cast.alice)
    assert client.get(reverse("exchange:preview", args=[pending.pk])).status_code == 404
    assert client.post(reverse("exchange:apply", args=[pending.pk])).status_code == 404
    assert not Objective.objects.exists()


@override_settings(WAYPOINT_IMPORT_MAX_BYTES=1000)
def test_a_file_over_the_size_limit_is_refused_on_upload(client: Client, cast: Cast) -> None:
    client.force_login(cast.admin)
    response = client.post(
        reverse("exchange:upload"), {"file": SimpleUploadedFile("big.csv", b"x" * 5000)}
    )
    assert response.status_code == 422
    assert (
        "the limit is 0.0 MB" in response.content.decode() or "limit" in response.content.decode()
    )
    assert not Upload.objects.exists()
