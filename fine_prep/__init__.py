"""fine-prep: turn a business's mail, chats and documents into a fine-tuning dataset it can trust."""

__version__ = "0.1.0"
