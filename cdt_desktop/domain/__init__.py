"""Pure Python domain: teeth, code selection, checklists, cases, narrative text. No Qt, no SQL."""
