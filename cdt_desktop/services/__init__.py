"""Qt-free use cases shared by the window and the CLI (audit and the acting operator are enforced here)."""
