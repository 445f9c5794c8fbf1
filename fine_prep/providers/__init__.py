"""Provider writers, their format rules, and the validation gate."""
