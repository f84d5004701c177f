"""The fake Bot API the channel's tests run against: ``bot.bench.fake_bot_api`` (the benchmark serves it too)."""

from bot.bench.fake_bot_api import BOT_USER, TOKEN, Call, FakeBotApi

__all__ = ["BOT_USER", "TOKEN", "Call", "FakeBotApi"]
