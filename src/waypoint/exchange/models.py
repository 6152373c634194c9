"""An uploaded spreadsheet waiting between its preview and being applied or dropped."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Upload(models.Model):
    """Kept in the database (not on one server's disk) so any process can apply it."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads"
    )
    filename = models.CharField(max_length=200)
    content = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename
