"""`waypoint dump` and `waypoint load`: the whole instance as one JSON file, and back.

The dump holds every row of Waypoint's own tables — people (with their password hashes, so
they can still log in), units, periods, OKRs with their history and check-ins, the cadence,
coach dismissals and personal goals — plus the groups and permissions people hold. Rows keep
their ids, so links and the stable keys of spreadsheet exports stay valid. It is a backup of
the instance: keep it as safe as the database. Sessions, login attempts and pending uploads are
not part of it. Loading is for a migrated instance of the same version (the dump records
its migrations) that holds no organisation yet, which is how an installation moves from SQLite
to PostgreSQL."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from datetime import time as dt_time
from decimal import Decimal
from typing import IO, Any
from uuid import UUID

from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "waypoint-dump"
VERSION = 1
# Not part of an instance's data: a spreadsheet waiting for its preview.
LEFT_OUT = {"exchange.Upload"}
# Django's own tables whose rows belong in a dump because people hold them.
DJANGO_TABLES = {"auth.Group", "auth.Group_permissions"}


class DumpError(Exception):
    """A dump cannot be loaded here; the message says why and what to do."""


@dataclass(frozen=True)
class Loaded:
    rows: int
    tables: int
    seconds: float


def waypoint_app_labels() -> set[str]:
    return {c.label for c in apps.get_app_configs() if c.name.startswith("waypoint.")}


def dumped_models() -> list[type[models.Model]]:
    """Every table of Waypoint's apps (many-to-many links included) and auth groups."""
    labels = waypoint_app_labels()
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if (model._meta.app_label in labels or model._meta.label in DJANGO_TABLES)
        and model._meta.label not in LEFT_OUT
        and not model._meta.proxy
        and model._meta.managed
    ]


def _columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def _named(field: models.Field[Any, Any]) -> str | None:
    """Content types and permissions get other ids in another database: they travel by name."""
    target = getattr(field, "related_model", None)
    if target is ContentType:
        return "content type"
    if target is Permission:
        return "permission"
    return None


def _name_maps(using: str) -> tuple[dict[int, str], dict[int, str]]:
    types = {ct.pk: f"{ct.app_label}.{ct.model}" for ct in ContentType.objects.using(using)}
    permissions = {
        p.pk: f"{types[p.content_type_id]}.{p.codename}"
        for p in Permission.objects.using(using).only("pk", "codename", "content_type_id")
    }
    return types, permissions


def _applied_migrations(using: str) -> dict[str, str]:
    """The newest applied migration of each app whose tables the dump holds."""
    labels = {m._meta.app_label for m in dumped_models()}
    newest: dict[str, str] = {}
    recorder = MigrationRecorder(connections[using])
    for app, name in recorder.migration_qs.values_list("app", "name"):
        if app in labels:
            newest[app] = max(newest.get(app, ""), name)
    return newest


def dump_tables(using: str = DEFAULT_DB_ALIAS) -> dict[str, dict[str, Any]]:
    """Every dumped table as its column names and rows (in id order), ready for JSON."""
    types, permissions = _name_maps(using)
    tables: dict[str, dict[str, Any]] = {}
    for model in dumped_models():
        fields = _columns(model)
        maps = [
            {"content type": types, "permission": permissions}.get(_named(f) or "") for f in fields
        ]
        rows = []
        for values in (
            model._default_manager.using(using)
            .order_by("pk")
            .values_list(*[f.attname for f in fields])
            .iterator(chunk_size=2000)
        ):
            rows.append(
                [
                    (m[v] if m is not None and v is not None else _plain(v))
                    for m, v in zip(maps, values, strict=True)
                ]
            )
        tables[model._meta.label] = {"columns": [f.attname for f in fields], "rows": rows}
    return tables


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date | dt_time | Decimal | UUID):
        return str(value)
    return value


def write_dump(out: IO[str], *, using: str = DEFAULT_DB_ALIAS) -> int:
    """Write the dump as JSON to `out`; returns how many rows it holds."""
    tables = dump_tables(using)
    json.dump(
        {
            "format": FORMAT,
            "version": VERSION,
            "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": connections[using].vendor,
            "migrations": _applied_migrations(using),
            "tables": tables,
        },
        out,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    out.write("\n")
    return sum(len(t["rows"]) for t in tables.values())


# An instance holding any of these holds an organisation: loading another one is refused.
ORGANISATION_TABLES = ("orgs.Person", "orgs.Unit", "okrs.Period", "okrs.Objective")


def occupied_tables(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Labels of the organisation's tables that already hold rows."""
    return [
        model._meta.label
        for model in dumped_models()
        if model._meta.label in ORGANISATION_TABLES and model._default_manager.using(using).exists()
    ]


def read_dump(source: IO[bytes] | IO[str]) -> dict[str, Any]:
    try:
        data = json.load(source)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DumpError(f"This is not a Waypoint dump: the JSON cannot be read ({exc}).") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DumpError("This is not a Waypoint dump (one written by `waypoint dump`).")
    if data.get("version") != VERSION:
        raise DumpError(f"The dump's format version {data.get('version')} is not {VERSION}.")
    return data


def load_dump(data: dict[str, Any], *, using: str = DEFAULT_DB_ALIAS) -> Loaded:
    """Load a dump into the empty, migrated instance at `using`, all or nothing."""
    started = time.monotonic()
    occupied = occupied_tables(using)
    if occupied:
        raise DumpError(
            "This instance is not empty, so loading would mix two organisations ("
            f"{', '.join(occupied[:4])}{' …' if len(occupied) > 4 else ''} hold rows). "
            "Load into a new database: point DATABASE_URL at it, run `waypoint migrate`, then "
            "`waypoint load FILE` before anyone runs `createsuperuser` or logs in."
        )
    here, theirs = _applied_migrations(using), data.get("migrations", {})
    if theirs != here:
        differ = sorted(a for a in set(here) | set(theirs) if here.get(a) != theirs.get(a))
        raise DumpError(
            "The dump was written by another version of Waypoint (migrations differ for "
            f"{', '.join(differ)}). Load it with the version that wrote it, then upgrade."
        )
    models_by_label = {m._meta.label: m for m in dumped_models()}
    unknown = sorted(set(data["tables"]) - set(models_by_label))
    if unknown:
        raise DumpError(f"The dump holds tables this Waypoint does not have: {', '.join(unknown)}.")
    connection = connections[using]
    types, permissions = _name_maps(using)
    by_name = {
        "content type": {v: k for k, v in types.items()},
        "permission": {v: k for k, v in permissions.items()},
    }
    rows = 0
    with transaction.atomic(using=using), connection.constraint_checks_disabled():
        for label, table in data["tables"].items():
            # Rows an instance makes for itself before anyone uses it (settings kept in a
            # table, say) give way to the dumped instance's.
            with connection.cursor() as cursor:
                table_name = connection.ops.quote_name(models_by_label[label]._meta.db_table)
                cursor.execute(f"DELETE FROM {table_name}")
            rows += _insert(connection, models_by_label[label], table, by_name)
        connection.check_constraints(
            table_names=[models_by_label[label]._meta.db_table for label in data["tables"]]
        )
        _reset_sequences(using, list(models_by_label.values()))
    return Loaded(rows, len(data["tables"]), time.monotonic() - started)


def _insert(
    connection: Any, model: type[models.Model], table: dict[str, Any], by_name: dict[str, Any]
) -> int:
    fields = {f.attname: f for f in _columns(model)}
    names = table["columns"]
    missing = [n for n in names if n not in fields]
    if missing:
        raise DumpError(f"{model._meta.label} has no column(s) {', '.join(missing)} here.")
    chosen = [fields[n] for n in names]
    if not table["rows"]:
        return 0
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} "
        f"({', '.join(quote(f.column) for f in chosen)}) "
        f"VALUES ({', '.join(['%s'] * len(chosen))})"
    )
    params = []
    for row in table["rows"]:
        values = []
        for field, value in zip(chosen, row, strict=True):
            kind = _named(field)
            if kind is not None and value is not None:
                if value not in by_name[kind]:
                    raise DumpError(f"The {kind} “{value}” does not exist here.")
                value = by_name[kind][value]
            target = field.target_field if field.is_relation else field
            python = None if value is None else target.to_python(value)
            values.append(field.get_db_prep_save(python, connection))
        params.append(values)
    with connection.cursor() as cursor:
        for start in range(0, len(params), 1000):
            cursor.executemany(sql, params[start : start + 1000])
    return len(params)


def _reset_sequences(using: str, loaded: list[type[models.Model]]) -> None:
    """Rows arrive with their ids; new rows must not reuse them (PostgreSQL sequences)."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), loaded)
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
