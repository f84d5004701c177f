"""``python -m bot.channels.telegram [--webhook|--polling]``: the same as ``python -m bot run``."""

import sys

from bot.channels.telegram import main_run

raise SystemExit(main_run(sys.argv[1:]))
