"""The package's files: the code under ``bot/``, and the repository's top-level ``knowledge/`` and ``locales/``
shipped inside it as ``bot/resources/knowledge`` and ``bot/resources/locales`` (read by ``bot.resources``).
Everything else is in ``pyproject.toml``."""

from setuptools import find_packages, setup

DATA = {"bot.resources.knowledge": "knowledge", "bot.resources.locales": "locales"}

setup(
    packages=[*find_packages(include=["bot", "bot.*"]), *DATA],
    package_dir=DATA,
    package_data={
        "bot.resources.knowledge": ["*.yaml", "towns/*.yaml", "archive/*.yaml"],
        "bot.resources.locales": ["*.pot", "*/LC_MESSAGES/*.po", "*/LC_MESSAGES/*.mo"],
    },
)
