"""Targets and trajectories: what the system aims for, and how each aim stands.

A value target names a metric, a slice of the system, a value and a due month, optionally
with a baseline and a trajectory; a rank target names a staff survey score, a subject, a peer
group and the rank wanted among them. ``store`` keeps them in the application database
(validated and audited), ``files`` loads and exports them as CSV or Excel, ``status`` judges
each against the latest data (``ranks`` and ``rank_status`` hold the rank targets' rules), and
``seeds`` holds the demo's targets from a real ICS people plan.
"""

from oneworkforce.targets.files import LoadSummary, TargetFileError, export_targets, load_targets
from oneworkforce.targets.seeds import SEED_TARGETS, SeedResult, seed_targets
from oneworkforce.targets.status import STATUSES, evaluate_targets
from oneworkforce.targets.store import (
    DuplicateTargetError,
    TargetError,
    TargetSpec,
    add_target,
    get_target,
    list_targets,
    remove_target,
    save_target,
    spec_of,
    update_target,
    validate_target,
)

__all__ = [
    "SEED_TARGETS",
    "STATUSES",
    "DuplicateTargetError",
    "LoadSummary",
    "SeedResult",
    "TargetError",
    "TargetFileError",
    "TargetSpec",
    "add_target",
    "evaluate_targets",
    "export_targets",
    "get_target",
    "list_targets",
    "load_targets",
    "remove_target",
    "save_target",
    "seed_targets",
    "spec_of",
    "update_target",
    "validate_target",
]
