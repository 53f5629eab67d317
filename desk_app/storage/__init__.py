"""SQLAlchemy 2 mapping, repositories and the unit of work for the station database."""
