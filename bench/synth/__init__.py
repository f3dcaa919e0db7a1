"""Pieces of the synthetic Dockerfile corpus generator (see bench/gen_corpus.py)."""
