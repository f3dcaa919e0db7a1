"""Benchmarks and corpus tools for dockeropt (not part of the installed package)."""
