# One module per instrument (hme.py, kompass.py, maturity.py) and the shared handlingsplan-action
# base (actions.py); import their models here.
from .actions import ActionStatus, HandlingsplanAction  # noqa: F401
from .hme import (  # noqa: F401
    HmeAction,
    HmeInvitation,
    HmeLink,
    HmePlan,
    HmeReference,
    HmeResponse,
    HmeResult,
    HmeRound,
    open_actions_for,
)
from .kompass import (  # noqa: F401
    EvaluationKind,
    EvaluationStatus,
    FindingKind,
    KompassAction,
    KompassActionPlan,
    KompassAlias,
    KompassArea,
    KompassAreaScore,
    KompassEvaluation,
    KompassFinding,
    KompassPoints,
    KompassSubArea,
    KompassVersion,
)
from .maturity import PRINCIPLES, MaturityAssessment  # noqa: F401
