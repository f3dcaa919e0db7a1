"""What one Dockerfile does, worked out from its tree, graph, shell scripts and build context.

Everything here is computed on first use and kept on a :class:`~dockeropt.analysis.facts.Facts`
for the rest of the check, so rules that need the same fact share one computation.
"""
