"""What the foundation makes ahead of time (copkit/core/prebuild.py): charts drawn from their
inputs by the worker, for pages whose charts have no trigger of their own."""

from copkit.core import prebuild

PREBUILD = {"chart": prebuild.draw_chart}
