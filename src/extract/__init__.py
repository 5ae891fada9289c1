"""Vietnamese provincial resolutions to a Parquet dataset of targets and results."""
__version__ = "0.1.0"
