"""Personal-data detection (recognizers, engine set-up) and anonymization."""
