"""Channels: thin adapters that carry messages to the engine and render its replies."""
