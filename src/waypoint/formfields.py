"""Form fields every Waypoint form uses for numbers and references, so bad input gets a clear
error instead of being misread or reaching the database."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms

# Plain decimal numbers as people type them: ASCII digits, one optional sign, a point or comma.
# Python's Decimal() would also accept "1_000", "٣" (Arabic-Indic three) or "1e3".
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
MAX_ID = 2**63 - 1  # the largest id the databases store


class PlainDecimalField(forms.DecimalField):
    """A DecimalField that only takes plain numbers (e.g. 42, -3.5, 0,25)."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip()
            if value and not _PLAIN_NUMBER.fullmatch(value):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            value = value.replace(",", ".")
        return super().to_python(value)


def _is_storable_id(value: Any) -> bool:
    text = str(value).strip()
    return text.isascii() and text.isdigit() and 0 < int(text) <= MAX_ID


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses ids no database could hold before querying."""

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        if not _is_storable_id(value):
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField that refuses ids no database could hold before querying."""

    def _check_values(self, value: Any) -> Any:
        for item in value if isinstance(value, list | tuple) else [value]:
            if not _is_storable_id(item):
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": str(item)[:20]},
                )
        return super()._check_values(value)
