"""The receiver snippet in docs/webhooks.md works: it accepts what Waypoint signs and refuses
a wrong secret, a changed body and a replay after the tolerance."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

from waypoint.hooks.signing import TOLERANCE_SECONDS, signature_header

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def receiver_snippet() -> Any:
    [code] = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.DOTALL)
    namespace: dict[str, Any] = {}
    exec(compile(code, str(DOC), "exec"), namespace)  # noqa: S102 (our own documentation)
    return namespace


def test_the_documented_receiver_accepts_waypoints_signature_and_refuses_the_rest() -> None:
    snippet = receiver_snippet()
    check = snippet["is_from_waypoint"]
    assert snippet["TOLERANCE_SECONDS"] == TOLERANCE_SECONDS
    body = b'{"type":"ping"}'
    now = int(time.time())
    header = signature_header("whsec_abc", now, body)
    assert check("whsec_abc", header, body)
    assert not check("whsec_other", header, body)
    assert not check("whsec_abc", header, body + b" ")
    assert not check("whsec_abc", header, body, now=now + TOLERANCE_SECONDS + 1)
    assert check("whsec_abc", header, body, now=now + TOLERANCE_SECONDS - 1)
    assert not check("whsec_abc", "garbage", body)
