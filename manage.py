#!/usr/bin/env python
"""Django's manage.py; `ponte` does the same once installed."""

from ponte.cli import main

if __name__ == "__main__":
    main()
