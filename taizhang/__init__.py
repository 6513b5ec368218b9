"""taizhang (台账): the application, its settings, its stores and its command line."""
