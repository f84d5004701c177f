"""The tests' fake Bot API (``tests/telegram/fake_bot_api.py``) served from a process of its own for the throughput run.

The server gets its own process (and core) so that its HTTP work is not done on the event loop of the bot being
measured. It is the tests' ``FakeBotApi``, imported by path (it lives in the tests, not in the package), with a
few methods added on the same ``/bot<token>/<method>`` route:

    benchPush  {"updates": [...]}   queue updates for getUpdates (ids given by the fake)
    benchReset                      forget calls, queued updates and timings
    benchStats                      {"first_served", "last_send", "sends", "delivered"} (perf_counter seconds)

``first_served`` is when the first non-empty getUpdates answer was produced, ``last_send`` when the last
sendMessage was recorded. ``python -m bot.bench.fakeserver`` prints ``{"port": ..., "token": ...}`` on one line
once it listens on 127.0.0.1, and stops when its stdin is closed.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
import time
from pathlib import Path
from types import ModuleType
from typing import Any

FAKE_PATH = Path(__file__).resolve().parents[2] / "tests" / "telegram" / "fake_bot_api.py"
_MODULE = "fake_bot_api"


def fake_module() -> ModuleType:
    """``tests/telegram/fake_bot_api.py`` as a module (the one already imported by the tests, if any)."""
    if _MODULE in sys.modules:
        return sys.modules[_MODULE]
    if not FAKE_PATH.is_file():
        raise RuntimeError(f"the throughput benchmark needs the tests' fake Bot API at {FAKE_PATH} (a source checkout)")
    spec = importlib.util.spec_from_file_location(_MODULE, FAKE_PATH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_MODULE] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


def bench_api() -> Any:
    """A ``FakeBotApi`` that also takes updates in bulk and times the first update served and the last reply."""
    base = fake_module().FakeBotApi

    class BenchBotApi(base):  # type: ignore[misc,valid-type]
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
            return {"first_served": self.first_served, "last_send": self.last_send, "sends": self.sends,
                    "delivered": len(self.delivered)}

    return BenchBotApi()


async def _serve() -> None:
    async with bench_api() as api:
        print(json.dumps({"port": api.port, "token": api.token}), flush=True)
        await asyncio.get_running_loop().run_in_executor(None, sys.stdin.read)  # until the parent closes stdin


if __name__ == "__main__":
    asyncio.run(_serve())
