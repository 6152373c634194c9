"""The coach: diagnose an OKR snapshot for BAD OKRs and the other traps (OKR-PRINCIPLES §5).

``diagnose(snapshot, today=...)`` runs every registered check and returns sorted findings.
Each check and its code are explained, with a worked example, in ``docs/rules/diagnosis.md``.
Importing this package registers the built-in checks; add a check by decorating a function
with ``@register(code, family, why=...)`` in a module imported here.
"""

from waypoint.domain.diagnosis import activity, big, disconnected, practice, rhythm
from waypoint.domain.diagnosis.engine import (
    CHECKS,
    SEVERITY_ORDER,
    Check,
    Context,
    Hit,
    TextReaders,
    at_or_above,
    codes,
    diagnose,
    register,
)
from waypoint.domain.diagnosis.model import (
    FAMILIES,
    LEVELS,
    Backlog,
    Family,
    Finding,
    KeyResult,
    Level,
    Objective,
    PastMeeting,
    PastQuarter,
    Period,
    Person,
    Severity,
    Snapshot,
    Subject,
    Unit,
    UnitKind,
    UnitLearning,
)

__all__ = [
    "CHECKS",
    "Backlog",
    "FAMILIES",
    "LEVELS",
    "SEVERITY_ORDER",
    "Check",
    "Context",
    "Family",
    "Finding",
    "Hit",
    "KeyResult",
    "Level",
    "Objective",
    "PastMeeting",
    "PastQuarter",
    "Period",
    "Person",
    "Severity",
    "Snapshot",
    "Subject",
    "TextReaders",
    "Unit",
    "UnitKind",
    "UnitLearning",
    "at_or_above",
    "codes",
    "diagnose",
    "register",
]

# The check modules register themselves on import; they are listed for that side effect.
_CHECK_MODULES = (activity, big, disconnected, practice, rhythm)
