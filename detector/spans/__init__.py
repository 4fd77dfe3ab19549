"""Stage 2, the spans: suspect stretches of the main text, each with its reason and likely
original. Every detector follows `contract` and is listed once in `registry.DETECTORS`."""
