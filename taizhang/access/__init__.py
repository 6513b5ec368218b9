"""Who may do and see what: one policy table, one caller, one set of object-level limits for every interface."""
