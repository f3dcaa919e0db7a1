"""Applying fixes to a file, writing a .dockerignore, and splitting a Dockerfile into base and target."""
