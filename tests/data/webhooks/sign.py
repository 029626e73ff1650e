"""An independent signer for the property tests (tests/suite/webhooks.rs).

Reads one JSON object a line on stdin and answers one line on stdout:
- {"scheme": "standard-webhooks", "secret", "id", "timestamp", "body"}:
  the signature the `standardwebhooks` package (PyPI) computes, and
  whether its `verify` accepts the headers given in "headers" (when the
  timestamp is recent enough for it);
- {"scheme": "hmac-sha256", "secret", "body", "prefix"}: the prefix and
  the hex HMAC-SHA256 from Python's own hmac module.
"""

import hashlib
import hmac
import json
import sys
from datetime import datetime, timezone

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

for line in sys.stdin:
    case = json.loads(line)
    if case["scheme"] == "standard-webhooks":
        hook = Webhook(case["secret"])
        at = datetime.fromtimestamp(case["timestamp"], tz=timezone.utc)
        out = {"signature": hook.sign(case["id"], at, case["body"])}
        if "headers" in case:
            try:
                hook.verify(case["body"], case["headers"], json_parse=False)
                out["verified"] = True
            except WebhookVerificationError as e:
                out["verified"] = False
                out["why"] = str(e)
    else:
        mac = hmac.new(case["secret"].encode(), case["body"].encode(), hashlib.sha256)
        out = {"signature": case["prefix"] + mac.hexdigest()}
    print(json.dumps(out), flush=True)
