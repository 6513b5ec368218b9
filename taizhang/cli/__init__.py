"""The ``taizhang`` command line: the root command in ``root``, one module per group, shared options in ``options``."""
