"""The fake Bot API (``fake_bot_api.py``) served from a process of its own for the throughput run.

The server gets its own process (and core) so that its HTTP work is not done on the event loop of the bot being
measured. It is the tests' ``FakeBotApi`` with a few methods added on the same ``/bot<token>/<method>`` route:

    benchPush  {"updates": [...]}   queue updates for getUpdates (ids given by the fake)
    benchReset                      forget calls, queued updates and timings
    benchStats                      {"first_served", "last_send", "sends", "delivered", "methods"} (perf_counter
                                    seconds; "methods": the requests the bot made since the reset, by method)

``first_served`` is when the first non-empty getUpdates answer was produced, ``last_send`` when the last
sendMessage was recorded. ``python -m bot.bench.fakeserver`` prints ``{"port": ..., "token": ...}`` on one line
once it listens on 127.0.0.1, and stops when its stdin is closed.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections import Counter
from typing import Any

from .fake_bot_api import FakeBotApi


def bench_api() -> Any:
    """A ``FakeBotApi`` that also takes updates in bulk and times the first update served and the last reply."""

    class BenchBotApi(FakeBotApi):
        first_served: float | None = None
        last_send: float | None = None
        sends: int = 0

        def reset(self) -> None:
            self.calls.clear()
            self.delivered.clear()
            self._updates.clear()
            self.first_served = self.last_send = None
            self.sends = 0

        async def _api_getUpdates(self, params: dict[str, Any]) -> Any:
            batch = await super()._api_getUpdates(params)
            if batch and self.first_served is None:
                self.first_served = time.perf_counter()
            return batch

        async def _api_sendMessage(self, params: dict[str, Any]) -> Any:
            message = await super()._api_sendMessage(params)
            self.sends += 1
            self.last_send = time.perf_counter()
            return message

        async def _api_benchPush(self, params: dict[str, Any]) -> Any:
            return [self.push(update) for update in params["updates"]][-1:]

        async def _api_benchReset(self, params: dict[str, Any]) -> Any:
            self.reset()
            return True

        async def _api_benchStats(self, params: dict[str, Any]) -> Any:
            methods = Counter(call.method for call in self.calls if not call.method.startswith("bench"))
            return {"first_served": self.first_served, "last_send": self.last_send, "sends": self.sends,
                    "delivered": len(self.delivered), "methods": dict(methods)}

    return BenchBotApi()


async def _serve() -> None:
    async with bench_api() as api:
        print(json.dumps({"port": api.port, "token": api.token}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes stdin


if __name__ == "__main__":
    asyncio.run(_serve())
