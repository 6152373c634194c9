"""Lets the live server's static handler find the hashed files collectstatic wrote.

pytest-django's live server serves /static/ through Django's finders, which only know the
source names (app.css); pages link to the collected, hashed ones (app.3f2a….css).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage


class CollectedStaticFinder(BaseFinder):
    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        storage = FileSystemStorage(location=settings.STATIC_ROOT)
        if storage.exists(path):
            return [storage.path(path)] if find_all else storage.path(path)
        return [] if find_all else ""

    def list(self, ignore_patterns: Any) -> list[tuple[str, FileSystemStorage]]:
        return []  # collectstatic must not copy STATIC_ROOT into itself
