"""Proving a rewrite by building: build both files, compare the images file by file and key by key."""
