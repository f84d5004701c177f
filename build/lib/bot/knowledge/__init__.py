"""The knowledge base: validated models of the YAML files under ``knowledge/`` and their loader."""

from bot.knowledge.loader import KnowledgeError, load_knowledge
from bot.knowledge.models import Knowledge

__all__ = ["Knowledge", "KnowledgeError", "load_knowledge"]
