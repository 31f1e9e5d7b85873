"""CDT Companion Desktop: chairside CDT coding, documentation checklists and appeal letters."""

__version__ = "0.1.0"
APP_NAME = "CDT Companion Desktop"
APP_ID = "org.cdtcompanion.Desktop"
ORG_NAME = "CDT Companion"
ORG_DOMAIN = "cdtcompanion.org"
