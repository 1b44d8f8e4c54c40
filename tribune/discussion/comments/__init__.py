"""The comment section: threads, comments, votes and passages, the page's section, the API.

The floor the other rooms of the discussion stand on; it imports none of them.
"""
