"""roadmap-kg: publish regional cooperation roadmap reports as validated linked open data."""

__version__ = "0.1.0"
