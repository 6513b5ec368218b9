"""Red flags (疑点): where an inspector should look, reckoned from both time axes and every photo's digest."""
