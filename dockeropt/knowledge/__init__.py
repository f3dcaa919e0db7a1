"""Data tables: heavy ML packages, CI runner sizes (each figure with its source and date)."""
