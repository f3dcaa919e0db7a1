"""Running rules: finding rule packs, configuration files, suppressions, and the check of one file."""
