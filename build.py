#!/usr/bin/env python3
"""newsarchive: `python build.py --help`."""

import sys
from pathlib import Path

from newsarchive.cli import main

if __name__ == "__main__":
    sys.exit(main(default_site=Path(__file__).resolve().parent))
