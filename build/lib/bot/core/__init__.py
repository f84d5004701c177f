"""The pure core: understanding and answering, with no chat-channel import."""
