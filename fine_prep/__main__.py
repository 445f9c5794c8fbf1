from fine_prep.cli import entry

entry()
