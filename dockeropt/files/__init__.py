"""Reading and writing the files dockeropt works on: Dockerfiles, reports, generated files."""
