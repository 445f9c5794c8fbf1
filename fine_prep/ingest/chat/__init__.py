"""Chat exports: WhatsApp, Slack, Telegram Desktop and chat tables (CSV/XLSX).

Each module registers one adapter; :mod:`fine_prep.ingest.chat.common` holds what they share
(staff detection, conversations split on a time gap, messages to paired examples).
"""
