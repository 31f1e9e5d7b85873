"""Qt-free use cases shared by the window and the command line (audit and the acting user are enforced here)."""
