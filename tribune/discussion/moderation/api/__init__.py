"""Moderation's API operations: readers' reports (the embedded widget's "Report")."""
