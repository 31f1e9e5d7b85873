"""ReportLab rendering (bytes in, bytes out). No Qt."""
