"""Lists answer `{"items": [...], "count": N}`, sliced by `limit` and `offset`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from ninja import Field, Schema

T = TypeVar("T")
MAX_LIMIT = 200


class Page(Schema, Generic[T]):
    items: list[T]
    count: int = Field(description="How many match, across all pages.")


class ListQuery(Schema):
    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=10**9)


def page(qs: QuerySet[Any], query: ListQuery, convert: Callable[[Any], dict[str, Any]]) -> dict:
    """One page of `qs` (in its order) and the total count."""
    items = [convert(obj) for obj in qs[query.offset : query.offset + query.limit]]
    return {"items": items, "count": qs.count()}
