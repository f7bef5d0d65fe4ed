# Reports of the surveys app, one module per instrument (registered on import).
from .hme import reports as hme_reports  # noqa: F401
from .kompass import reports as kompass_reports  # noqa: F401
