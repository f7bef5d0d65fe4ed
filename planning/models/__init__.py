# One module per part of the planning chain; import the models here so Django finds them.
from .nulageskoll import NulageskollItem, NulageskollSnapshot  # noqa: F401  (loads nyckeltal.py too)
from .nyckeltal import Direction, Nyckeltal, NyckeltalSource

__all__ = ["Direction", "Nyckeltal", "NyckeltalSource"]
