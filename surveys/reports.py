# Reports of the surveys app, one module per instrument (registered on import).
from . import kompass_reports  # noqa: F401
