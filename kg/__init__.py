"""kg: build a knowledge graph of models, datasets, benchmarks, methods, metrics and
repositories from machine-learning paper listings."""

__version__ = "0.1.0"
