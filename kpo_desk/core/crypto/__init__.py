"""Encryption at rest: the key file (keys), the SQLCipher connection (sqlcipher) and the encrypted
attachment folder (files). No Qt here; nothing in this package logs a passphrase or a key."""
