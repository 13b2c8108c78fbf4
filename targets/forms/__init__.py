"""Forms of the målbild, one module per page family."""
