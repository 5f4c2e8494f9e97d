"""Encryption at rest in the window (issue 18): the first start's choice, the unlock dialog and
recovery, the recovery sheet, File ▸ Encrypt store… and Change passphrase…, the auto-lock, the
keyring, and the plaintext warning of File ▸ Export….

The work is in kpo_desk/core/crypto/ (the same functions ``kpo-desk encrypt``, ``passphrase`` and
``recover`` call); these modules only ask, show and wait. A passphrase typed here lives in a
password field and in the local variables of the call that uses it, and nowhere else: it is not
kept for the session (the auto-lock checks a typed one against the key file), and an unexpected
error raised while one is in use is stripped of its text before it can reach the log or the error
dialog (``guard.py``).
"""
