#!/usr/bin/env python3
"""A sample recovery tool that is a program: the seed fix over a cusim state folder.

It finds the newest "Microsoft Exchange" certificate with its private key in the Personal
store (certificates/certificates.xml, CLIXML) and binds both https bindings of Default Web
Site to it, by rewriting their certificate hash in netsh-http-sslcert.txt, as
`netsh http update sslcert` would. cusim then runs setup again and judges the result.
Standard library only; the state folder is the working directory ($CUSIM_STATE)."""
import os
import re
import sys
import xml.etree.ElementTree as ET

NS = {"ps": "http://schemas.microsoft.com/powershell/2004/04"}
state = os.environ.get("CUSIM_STATE", ".")


def entries():
    root = ET.parse(os.path.join(state, "certificates", "certificates.xml")).getroot()
    for obj in root.findall("ps:Obj", NS):
        props = {p.get("N"): (p.text or "") for p in obj.find("ps:Props", NS)}
        yield props


candidates = [e for e in entries()
              if e.get("Store") == "My" and e.get("FriendlyName") == "Microsoft Exchange" and e.get("HasPrivateKey") == "true"]
if not candidates:
    print("no 'Microsoft Exchange' certificate with a private key in the Personal store", file=sys.stderr)
    sys.exit(1)
chosen = max(candidates, key=lambda e: e["NotAfter"])
thumbprint = chosen["Thumbprint"].lower()

path = os.path.join(state, "netsh-http-sslcert.txt")
with open(path, encoding="utf-8") as f:
    text = f.read()
out, current = [], None
for line in text.splitlines(keepends=True):
    m = re.match(r"\s*IP:port\s*:\s*(\S+)", line)
    if m:
        current = m.group(1)
    if current in ("0.0.0.0:443", "127.0.0.1:443") and re.match(r"\s*Certificate Hash\s*:", line):
        line = re.sub(r":\s*[0-9a-fA-F]+", ": " + thumbprint, line, count=1)
        print(f"{current} -> {thumbprint}")
    out.append(line)
with open(path, "w", encoding="utf-8") as f:
    f.write("".join(out))
