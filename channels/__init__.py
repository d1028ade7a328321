"""Custom channel connectors, named from a credentials file by module path."""
