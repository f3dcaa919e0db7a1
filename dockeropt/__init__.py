"""dockeropt: a Dockerfile static analyzer and optimizer."""

__version__ = "0.1.0"
