"""The input documents every way in takes (API, web, command line, imports): one validation for each."""
