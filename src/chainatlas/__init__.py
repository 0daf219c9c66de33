"""chainatlas: industrial clusters, industry chains and projects, every figure with its source."""

__version__ = "0.1.0"
