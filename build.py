#!/usr/bin/env python3
"""newsarchive: `python build.py --help`."""

import os
import sys
from pathlib import Path

from newsarchive.cli import main

if __name__ == "__main__":
    status = main(default_site=Path(__file__).resolve().parent)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # all is written and closed: the OS frees the site model sooner than Python, object by object
