"""What a batch did: counts, failures and (when kept) the results."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..models import DocumentResult


@dataclass
class BatchSummary:
    """What a batch did: counts, the failed documents, and (when asked to keep them) every result."""

    results: list[DocumentResult] = field(default_factory=list)  # all, in input order, if kept
    failed: list[DocumentResult] = field(default_factory=list)
    n_ok: int = 0  # documents read without failure (a file of several documents counts each)
    n_targets: int = 0
    n_actuals: int = 0
    pages: int = 0
    seconds: float = 0.0
    peak_worker_rss_mib: float = 0.0  # the largest resident memory a worker reached

    @property
    def ok(self) -> list[DocumentResult]:
        """The kept results that succeeded (none kept with keep_results=False: see n_ok)."""
        return [r for r in self.results if r.status == "ok"]

    def add(self, result: DocumentResult, keep: bool) -> None:
        if keep:
            self.results.append(result)
        if result.status == "ok":
            self.n_ok += len(result.documents())  # documents, not files: a file may hold several
        else:
            self.failed.append(result)
        figures = [t for d in result.documents() for t in d.targets]  # every document of the file
        n_targets = sum(t.kind == "target" for t in figures)
        self.n_targets += n_targets
        self.n_actuals += len(figures) - n_targets
        self.pages += result.pages or 0
        self.peak_worker_rss_mib = max(self.peak_worker_rss_mib, result.peak_rss_mib)
