"""annotator: label entities and events in news articles, saved at once to a SQLite project file."""

__version__ = "0.1.0"
