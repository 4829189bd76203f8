"""The agent workspace: macros (canned replies) and saved queue views. Above the case app,
whose services it calls; below the web shell."""
