"""Benchmarks: each figure beside a baseline measured in the same run, so that machines can be compared.

`python -m bench` (the write path, rebuild and verify, a record as of a day), `python -m bench.load`
(pages under concurrent load), `python -m bench.pages` (pages one request at a time) and
`python -m bench.generate` (the national-scale data set). docs/performance.md gives the figures.
"""
