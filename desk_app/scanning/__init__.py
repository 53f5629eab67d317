"""Scanner back-ends and the page pipeline (issue 4)."""
