"""Demo data: the Lombardy cluster network with its real founders and marked sample data."""
