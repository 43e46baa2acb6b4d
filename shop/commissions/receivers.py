"""Order and payment events that move a commission along (paid, cancelled)."""
