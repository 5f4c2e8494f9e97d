"""Service functions: the only way the GUI and the CLI change the store.

Each call is one transaction, validates its input (raising ``ValidationError`` with
the field at fault) and writes its audit event in that same transaction.
"""
