"""The compass's benchmark across communities. The rules and the figures are shared with the
member survey's and live in copkit/core/benchmark.py (pure); this module names them for the
compass (compass/network.py reads the data).

Who contributes: each community that opted in (`BenchmarkOptIn`), with its latest closed
assessment (the advisor's agreed score where the review set one, else the core group's mean),
grouped by the phase of that assessment; a community counts as changed when it contributes
another assessment. Published per compass dimension, for "all" and each phase.
"""

from copkit.core.benchmark import (
    ALL,
    Benchmark,
    Contribution,
    Figures,
    K,
    can_replace,
    changed,
    compute,
    figures_of,
    to_publish,
    whole,
)

__all__ = ["ALL", "K", "Benchmark", "Contribution", "Figures", "can_replace", "changed",
           "compute", "figures_of", "to_publish", "whole"]
