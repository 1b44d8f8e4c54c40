"""Discussion: threads, comments and their authors, and the comment section of each article."""
