"""Qt model/view adapters over the plain model lists."""
