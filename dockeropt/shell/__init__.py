"""Shell analysis of RUN scripts (tree-sitter-bash): commands, package managers, downloads."""
