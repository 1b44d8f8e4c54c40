"""The discussion's JSON API: threads, comments, votes and counts, under /api/v1/."""
