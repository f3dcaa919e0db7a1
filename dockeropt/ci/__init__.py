"""Memory limits of CI runners, read from the CI configuration next to a Dockerfile."""
