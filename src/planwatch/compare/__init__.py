"""The city plan beside its district plans: indicator matrix, consistency checks, coverage, fields."""
