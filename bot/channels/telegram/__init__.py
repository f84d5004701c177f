"""The Telegram channel: ``python -m bot run`` (long polling, or a webhook when WEBHOOK_URL is set).

    TELEGRAM_BOT_TOKEN=123:abc python -m bot run             # polling, unless WEBHOOK_URL is set
    python -m bot run --webhook | --polling                  # force a mode (Procfile: web / worker)

Settings: ``bot.config`` (its ``telegram`` section). Modules: ``run`` (start-up), ``application`` (every handler
registered, ``serving``: start and stop), ``channel`` (the common path of an update), ``gate``, ``public``, ``staff``,
``inline`` (the handlers), ``enquiries`` (a confirmed enquiry stored), ``render`` (Reply -> HTML messages),
``outbox`` (delivery to the staff and back), ``staffchat`` (where the staff group is now), ``webhook`` (the ASGI
app), ``flood`` (the per-user limit), ``ratelimit`` (Telegram's limits and retries), ``logs`` (redaction).
"""
