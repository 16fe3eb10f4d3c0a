"""Hand-written building blocks of Ponte's development benchmark (see ../README.md)."""
