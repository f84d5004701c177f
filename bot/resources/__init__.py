"""The data the package ships: the knowledge base and the gettext catalogues (``knowledge_dir``, ``locales_dir``).

In the repository they are the top-level ``knowledge/`` and ``locales/`` directories. ``setup.py`` maps them into
the package as ``bot/resources/knowledge`` and ``bot/resources/locales``, so an installed package finds them with
``importlib.resources``; a source checkout (an editable install, or ``python -m bot`` run in place, as a platform
that only installs ``requirements.txt`` does) reads the repository's own directories.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def _directory(name: str) -> Path:
    shipped = files(__name__).joinpath(name)
    if isinstance(shipped, Path) and shipped.is_dir():
        return shipped
    return Path(__file__).resolve().parents[2] / name


def knowledge_dir() -> Path:
    """The knowledge base that ships with the bot (``KNOWLEDGE_DIR`` chooses another one)."""
    return _directory("knowledge")


def locales_dir() -> Path:
    """The gettext catalogues (``<lang>/LC_MESSAGES/messages.po``, and ``.mo`` where compiled)."""
    return _directory("locales")
