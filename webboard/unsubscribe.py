"""Signed tokens for the unsubscribe link in every notification e-mail:
the link alone identifies the member and what they watch, no login needed."""

from django.core import signing

SALT = "webboard.unsubscribe"
# A year: old e-mails must still unsubscribe.
MAX_AGE = 365 * 24 * 3600


def make_token(user_id, kind, object_id):
    return signing.dumps({"u": user_id, "k": kind, "o": object_id}, salt=SALT, compress=True)


def read_token(token):
    """(user_id, kind, object_id), or None when the token is forged or expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("k") not in ("thread", "room"):
        return None
    return data["u"], data["k"], data["o"]
