"""Team mode in the window (issue 19): File ▸ Connect to team server…, opening a server store
at start-up (``--db postgresql://…``), the offline banner that reconnects by itself, and
File ▸ Move this store to a team server…. The store itself (kpo_desk/core/store_server.py)
knows nothing of windows; this package knows nothing of SQL."""
