"""Russian-language utilities shared by reference data and extraction: morphology, names, text."""
