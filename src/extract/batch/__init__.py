"""Batches: the files of a run, the local worker pool and the Dask engine, incremental runs and
the batch summary. The per-file work is `extract.pipeline`."""
from .incremental import unchanged_files
from .inputs import iter_inputs
from .run import ENGINES, run_batch
from .summary import BatchSummary

__all__ = ["ENGINES", "BatchSummary", "iter_inputs", "run_batch", "unchanged_files"]
