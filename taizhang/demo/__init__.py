"""The demo township: a simulated year (2023) of a township's zero-garbage campaign, recorded from a seed."""
