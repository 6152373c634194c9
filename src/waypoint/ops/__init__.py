"""Operating an installation: backups and other product-wide maintenance commands."""
