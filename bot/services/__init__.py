"""Services: what the bot does, independent of the channel it is asked through."""
