#!/usr/bin/env python3
"""newsarchive: `python build.py --help`."""

import gc
import os
import sys
from pathlib import Path

from newsarchive.cli import main

if __name__ == "__main__":
    # Without the cycle collector: the run ends in os._exit, and the collector's pass once it is
    # back on would scan what the OS frees anyway (0.04 s of a +1 at 100,000 articles). A watching
    # run (watch, serve), which goes on, turns it back on.
    gc.disable()
    status = main(default_site=Path(__file__).resolve().parent)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(status)  # all is written and closed: the OS frees the site model sooner than Python, object by object
