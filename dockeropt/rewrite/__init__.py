"""Rewrites that rules offer as fixes: merging RUNs, turning a one-stage build into two stages."""
