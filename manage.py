#!/usr/bin/env python
"""Django's manage.py; `tribune` does the same and more."""

import sys

from tribune.cli import main

if __name__ == "__main__":
    sys.exit(main())
