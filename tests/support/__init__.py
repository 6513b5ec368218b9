"""Test support that the benchmarks share: synthetic histories of any size, and servers in their own processes."""
