"""The demo site: one real page of a reader-funded news site (seed.txt), loaded into Tribune.

`seed` reads the page's text into plain data; `load` stores it through the apps' services.
"""
