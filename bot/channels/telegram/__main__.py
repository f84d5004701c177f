"""``python -m bot.channels.telegram [--webhook|--polling]``: the same as ``python -m bot run``."""

import os
import sys

from bot.channels.telegram.run import main_run

os.environ.setdefault("PTB_TIMEDELTA", "1")  # PTB 22's durations as timedelta (see bot.cli.main)
raise SystemExit(main_run(sys.argv[1:]))
