"""The standards catalogue: frameworks and their items, loaded from validated YAML."""
