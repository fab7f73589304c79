# Binds both 443 endpoints to a hash that is in no store: a legal state; setup's fallback (R3)
# puts the self-signed certificate there and the CU completes.
import os, re
p = os.path.join(os.environ["CUSIM_STATE"], "netsh-http-sslcert.txt")
text = open(p).read()
text = re.sub(r"(IP:port\s*: (?:0\.0\.0\.0|127\.0\.0\.1):443\n\s*Certificate Hash\s*: )[0-9a-f]+", r"\g<1>" + "ab" * 20, text)
open(p, "w").write(text)
