"""The audit trail: every screening recorded (append-only), exported, and replayable.

* :mod:`.recorder` -- :class:`AuditRecorder` writes :class:`ScreeningRecord` s with group commit.
* :mod:`.trail` -- :class:`AuditTrail` reads them back.
* :mod:`.export` -- JSON lines / CSV (formula-injection safe) export of a period.
* :mod:`.replay` -- re-screening a recorded screening against its recorded list versions.
"""

from sanctionwatch.audit.recorder import AuditError, AuditRecorder, ScreeningRecord
from sanctionwatch.audit.trail import AuditTrail, RecordedAlert, RecordedScreening

__all__ = [
    "AuditError",
    "AuditRecorder",
    "AuditTrail",
    "RecordedAlert",
    "RecordedScreening",
    "ScreeningRecord",
]
