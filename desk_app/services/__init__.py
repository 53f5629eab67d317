"""One function per user action, each inside a unit of work; they return plain data."""
