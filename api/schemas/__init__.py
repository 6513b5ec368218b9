"""Request and response bodies, named by role: ``…Create`` in, ``…Public`` out."""
