"""Every Qt import of the application lives in this package."""
