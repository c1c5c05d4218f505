"""The ``accord`` command line: argv in, reports out. Maps AccordError to exit 2 in one place."""
