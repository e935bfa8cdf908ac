"""A synthetic Integrated Care System: a person-level simulation of its workforce, written as
the extracts of data standard v1, one file per partner, with optional data-quality faults.

Use it for demonstrations, tests and benchmarks; it holds no real person's data.
"""

from oneworkforce.synth.generate import SynthFile, SynthResult, generate_ics

__all__ = ["SynthFile", "SynthResult", "generate_ics"]
