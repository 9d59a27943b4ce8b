"""Activity Map: who did what, where and when, from news reports, on a map."""

__version__ = "0.1.0"
