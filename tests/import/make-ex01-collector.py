#!/usr/bin/env python3
"""Makes tests/import/ex01-collector/: a folder as collector/Export-CusimServerState.ps1 writes it,
for a made-up server EX01 (contoso.local) after a failed CU, with the "one binding stale" case:
IIS's configuration (Get-WebBinding) names the renewed mail.contoso.com certificate for both 443
bindings, but http.sys (netsh) still serves the expired one on 127.0.0.1:443.

Certificates are made with OpenSSL from the project's key pool (fixtures/keys), with fixed dates,
so the folder is the same on every run; no third-party data is copied. The files are written in
the encodings Windows PowerShell 5.1 uses: Export-Clixml UTF-16LE with BOM, Export-Csv and
Set-Content -Encoding UTF8 UTF-8 with BOM, CRLF line ends; Set-Content -Encoding ASCII for clock.txt.

Run from the repository root: python3 tests/import/make-ex01-collector.py
"""
import os
import shutil
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "tests", "import", "ex01-collector")
KEYS = os.path.join(ROOT, "fixtures", "keys")
tmp = tempfile.mkdtemp()


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def cert(name, subject, key, not_before, not_after, serial, san=None, issuer=None, ca=False, eku="serverAuth"):
    """A certificate as PEM in tmp; issuer: (cert name, key) of the signer, else self-signed."""
    ext = os.path.join(tmp, name + ".ext")
    with open(ext, "w") as f:
        if ca:
            f.write("basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n")
        else:
            f.write("basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n")
            f.write("extendedKeyUsage=%s\n" % eku)
        if san:
            f.write("subjectAltName=" + ",".join("DNS:" + d for d in san) + "\n")
    csr = os.path.join(tmp, name + ".csr")
    openssl("req", "-new", "-key", os.path.join(KEYS, key + ".pem"), "-subj", subject, "-out", csr)
    pem = os.path.join(tmp, name + ".pem")
    # `openssl ca` (OpenSSL 3.0's x509 -req has no start date): a throwaway CA database per certificate.
    db = os.path.join(tmp, name + ".db")
    os.makedirs(db)
    open(os.path.join(db, "index.txt"), "w").close()
    with open(os.path.join(db, "serial"), "w") as f:
        f.write(serial[2:] + "\n")
    cnf = os.path.join(tmp, name + ".cnf")
    with open(cnf, "w") as f:
        f.write("[ca]\ndefault_ca=d\n[d]\ndir=%s\ndatabase=$dir/index.txt\nserial=$dir/serial\nnew_certs_dir=$dir\n"
                "policy=p\nunique_subject=no\npreserve=yes\n[p]\ncountryName=optional\norganizationName=optional\n"
                "commonName=supplied\n" % db)
    args = ["ca", "-batch", "-config", cnf, "-in", csr, "-out", pem, "-md", "sha256", "-extfile", ext, "-notext",
            "-startdate", not_before, "-enddate", not_after]
    if issuer:
        args += ["-cert", os.path.join(tmp, issuer[0] + ".pem"), "-keyfile", os.path.join(KEYS, issuer[1] + ".pem")]
    else:
        args += ["-selfsign", "-keyfile", os.path.join(KEYS, key + ".pem")]
    openssl(*args)
    der = os.path.join(tmp, name + ".der")
    openssl("x509", "-in", pem, "-outform", "DER", "-out", der)
    out = subprocess.run(["openssl", "x509", "-in", pem, "-noout", "-fingerprint", "-sha1"], check=True,
                         capture_output=True, text=True).stdout
    thumb = out.strip().split("=", 1)[1].replace(":", "").upper()
    with open(der, "rb") as f:
        return {"name": name, "der": f.read(), "thumb": thumb, "subject": subject}


def crlf(text):
    return text.replace("\r\n", "\n").replace("\n", "\r\n")


def write(rel, text, encoding):
    path = os.path.join(OUT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = crlf(text)
    with open(path, "wb") as f:
        if encoding == "utf-16":
            f.write(b"\xff\xfe" + data.encode("utf-16-le"))
        elif encoding == "utf-8-bom":
            f.write(b"\xef\xbb\xbf" + data.encode("utf-8"))
        else:
            f.write(data.encode("ascii"))


def clixml(objects):
    """Export-Clixml's layout: <Objs> of <Obj RefId> with <TN>, <ToString> and <Props>/<MS>."""
    out = ['<Objs Version="1.1.0.1" xmlns="http://schemas.microsoft.com/powershell/2004/04">']
    ref = 0
    tn_refs = {}
    for type_names, to_string, section, props in objects:
        out.append('  <Obj RefId="%d">' % ref)
        ref += 1
        key = tuple(type_names)
        if key in tn_refs:
            out.append('    <TNRef RefId="%d" />' % tn_refs[key])
        else:
            tn_refs[key] = len(tn_refs)
            out.append('    <TN RefId="%d">' % tn_refs[key])
            out += ["      <T>%s</T>" % t for t in type_names]
            out.append("    </TN>")
        if to_string is not None:
            out.append("    <ToString>%s</ToString>" % escape(to_string))
        out.append("    <%s>" % section)
        for p in props:
            kind, name, value = p[0], p[1], p[2]
            if kind == "Nil":
                out.append('      <Nil N="%s" />' % name)
            elif kind == "Obj":  # an enum or an Exchange value type: its type names, ToString and value
                types, text, inner = value
                tkey = tuple(types)
                out.append('      <Obj N="%s" RefId="%d">' % (name, ref))
                ref += 1
                if tkey in tn_refs:
                    out.append('        <TNRef RefId="%d" />' % tn_refs[tkey])
                else:
                    tn_refs[tkey] = len(tn_refs)
                    out.append('        <TN RefId="%d">' % tn_refs[tkey])
                    out += ["          <T>%s</T>" % t for t in types]
                    out.append("        </TN>")
                out.append("        <ToString>%s</ToString>" % escape(text))
                if inner:
                    out.append("        " + inner)
                out.append("      </Obj>")
            else:
                out.append('      <%s N="%s">%s</%s>' % (kind, name, escape(value), kind))
        out.append("    </%s>" % section)
        out.append("  </Obj>")
    out.append("</Objs>")
    return "\n".join(out)


import base64
from xml.sax.saxutils import escape

root_ca = cert("root-ca", "/CN=Contoso Root CA", "key04", "20200101000000Z", "20400101000000Z", "0x1001", ca=True)
issuing_ca = cert("issuing-ca", "/CN=Contoso Issuing CA", "key08", "20200101000000Z", "20300101000000Z", "0x1002",
                  issuer=("root-ca", "key04"), ca=True)
exchange = cert("exchange", "/CN=EX01", "key01", "20210301100000Z", "20260301100000Z", "0x2001",
                san=["EX01", "EX01.contoso.local"])
auth = cert("auth", "/CN=Microsoft Exchange Server Auth Certificate", "key02", "20210301100500Z", "20260205100500Z",
            "0x2002")
mail_old = cert("mail-old", "/C=US/O=Contoso Ltd/CN=mail.contoso.com", "key03", "20240301000000Z", "20250301000000Z",
                "0x3001", san=["mail.contoso.com", "autodiscover.contoso.com"], issuer=("issuing-ca", "key08"))
mail_new = cert("mail-new", "/C=US/O=Contoso Ltd/CN=mail.contoso.com", "key05", "20250215000000Z", "20260215000000Z",
                "0x3002", san=["mail.contoso.com", "autodiscover.contoso.com"], issuer=("issuing-ca", "key08"))
wmsvc = cert("wmsvc", "/CN=WMSvc-SHA2-EX01", "key06", "20210301080000Z", "20310227080000Z", "0x4001")
iis_self = cert("iis-self", "/CN=EX01.contoso.local", "key07", "20250101120000Z", "20260101120000Z", "0x4002")

if os.path.exists(OUT):
    shutil.rmtree(OUT)
os.makedirs(OUT)
X509 = ["Microsoft.Exchange.Management.SystemConfigurationTasks.ExchangeCertificate",
        "System.Security.Cryptography.X509Certificates.X509Certificate2",
        "System.Security.Cryptography.X509Certificates.X509Certificate", "System.Object"]

# Get-ExchangeCertificate: RawData only (no SerializationData: the import says the services are unknown).
write("GetExchangeCertificate.xml", clixml([
    (X509, "[Subject]_x000D__x000A_  " + c["subject"].lstrip("/").replace("/", ", ") + "_x000D__x000A_", "Props",
     [("BA", "RawData", base64.b64encode(c["der"]).decode()), ("S", "Thumbprint", c["thumb"])])
    for c in (auth, exchange, mail_old, mail_new)]), "utf-16")
write("GetAuthConfig.xml", clixml([(["Microsoft.Exchange.Data.Directory.SystemConfiguration.AuthConfig",
                                     "Microsoft.Exchange.Data.Directory.ADConfigurationObject", "System.Object"],
                                    "Auth Configuration", "Props",
                                    [("S", "CurrentCertificateThumbprint", auth["thumb"]),
                                     ("S", "PreviousCertificateThumbprint", ""), ("S", "NextCertificateThumbprint", ""),
                                     ("Nil", "NextCertificateEffectiveDate", None)])]), "utf-16")
write("GetExchangeServer.xml", clixml([(["Microsoft.Exchange.Data.Directory.Management.ExchangeServer", "System.Object"],
                                        "EX01", "Props",
                                        [("S", "Name", "EX01"), ("S", "Fqdn", "EX01.contoso.local"),
                                         ("Obj", "AdminDisplayVersion",
                                          (["Microsoft.Exchange.Data.ServerVersion", "System.Object"],
                                           "Version 15.2 (Build 1258.12)", None))])]), "utf-16")
write("GetInternalTransportCertificateFromServer.xml", clixml([(X509[1:], "[Subject]_x000D__x000A_  CN=EX01_x000D__x000A_", "Props",
                                                                [("BA", "RawData", base64.b64encode(exchange["der"]).decode())])]),
      "utf-16")
connector = ["Selected.Microsoft.Exchange.Data.Directory.SystemConfiguration.ReceiveConnector",
             "System.Management.Automation.PSCustomObject", "System.Object"]
adobjectid = ["Microsoft.Exchange.Data.Directory.ADObjectId", "System.Object"]
fqdn = ["Microsoft.Exchange.Data.Fqdn", "Microsoft.Exchange.Data.SmtpDomain", "System.Object"]
x509id = ["Microsoft.Exchange.Data.SmtpX509Identifier", "System.Object"]
# TransportRole is an enum (ServerRole); its numeric <I32> is left out, as its value is not in a
# source at hand and the import reads the ToString.
role_t = ["Microsoft.Exchange.Data.ServerRole", "System.Enum", "System.ValueType", "System.Object"]
write("GetReceiveConnector.xml", clixml([
    (connector, "@{Identity=EX01\\Default Frontend EX01; Fqdn=mail.contoso.com; TlsCertificateName=<I>CN=Contoso Issuing CA<S>CN=mail.contoso.com, O=Contoso Ltd, C=US; TransportRole=FrontendTransport}",
     "MS", [("Obj", "Identity", (adobjectid, "EX01\\Default Frontend EX01", None)),
            ("Obj", "Fqdn", (fqdn, "mail.contoso.com", None)),
            ("Obj", "TlsCertificateName", (x509id, "<I>CN=Contoso Issuing CA<S>CN=mail.contoso.com, O=Contoso Ltd, C=US", None)),
            ("Obj", "TransportRole", (role_t, "FrontendTransport", None))]),
    (connector, "@{Identity=EX01\\Default EX01; Fqdn=EX01.contoso.local; TlsCertificateName=; TransportRole=HubTransport}", "MS",
     [("Obj", "Identity", (adobjectid, "EX01\\Default EX01", None)),
      ("Obj", "Fqdn", (fqdn, "EX01.contoso.local", None)), ("Nil", "TlsCertificateName", None),
      ("Obj", "TransportRole", (role_t, "HubTransport", None))]),
]), "utf-16")

write("IIS/applicationHost.config", """<?xml version="1.0" encoding="UTF-8"?>
<configuration>
    <system.applicationHost>
        <sites>
            <site name="Default Web Site" id="1">
                <bindings>
                    <binding protocol="http" bindingInformation="*:80:" />
                    <binding protocol="https" bindingInformation="*:443:" />
                    <binding protocol="http" bindingInformation="127.0.0.1:80:" />
                    <binding protocol="https" bindingInformation="127.0.0.1:443:" />
                </bindings>
            </site>
            <site name="Exchange Back End" id="2">
                <bindings>
                    <binding protocol="http" bindingInformation="*:81:" />
                    <binding protocol="https" bindingInformation="*:444:" />
                </bindings>
            </site>
        </sites>
    </system.applicationHost>
</configuration>
""", "utf-8-bom")
# Get-WebBinding: the binding's own members (MS) as the real export has them; the Attributes and
# Schema collections of Props are left out (the import reads MS).
binding_tn = ["Microsoft.IIs.PowerShell.Framework.ConfigurationElement#bindings#binding",
              "Microsoft.IIs.PowerShell.Framework.ConfigurationElement", "System.Object"]


def web_binding(site_id, site, protocol, info, thumb):
    https = protocol == "https"
    return (binding_tn, "%s %s%s" % (protocol, info, " sslFlags=0" if https else ""), "MS",
            [("S", "protocol", protocol), ("S", "bindingInformation", info), ("I64", "sslFlags", "0"),
             ("B", "isDsMapperEnabled", "false"), ("S", "certificateHash", thumb if https else ""),
             ("S", "certificateStoreName", "My" if https else ""),
             ("S", "ItemXPath", "/system.applicationHost/sites/site[@name='%s' and @id='%d']" % (site, site_id))])


write("IIS/GetWebBinding.xml", clixml([
    web_binding(1, "Default Web Site", "http", "*:80:", ""),
    web_binding(1, "Default Web Site", "https", "*:443:", mail_new["thumb"]),
    web_binding(1, "Default Web Site", "http", "127.0.0.1:80:", ""),
    web_binding(1, "Default Web Site", "https", "127.0.0.1:443:", mail_new["thumb"]),
    web_binding(2, "Exchange Back End", "http", "*:81:", ""),
    web_binding(2, "Exchange Back End", "https", "*:444:", exchange["thumb"]),
]), "utf-16")


def netsh_block(ipport, thumb, store, reject=False):
    # facts.md 3 (vcloudnine), line for line; "Reject Connections" as newer Windows adds it (terenceluk).
    lines = ["    IP:port                      : " + ipport,
             "    Certificate Hash             : " + thumb.lower(),
             "    Application ID               : {4dc3e181-e14b-4a21-b022-59fc669b0914}",
             "    Certificate Store Name       : " + store,
             "    Verify Client Certificate Revocation : Enabled",
             "    Verify Revocation Using Cached Client Certificate Only : Disabled",
             "    Usage Check                  : Enabled",
             "    Revocation Freshness Time    : 0",
             "    URL Retrieval Timeout        : 0",
             "    Ctl Identifier               : (null)",
             "    Ctl Store Name               : (null)",
             "    DS Mapper Usage              : Disabled",
             "    Negotiate Client Certificate : Disabled"]
    if reject:
        lines.append("    Reject Connections           : Disabled")
    return "\n".join(lines) + "\n\n"


netsh = "\nSSL Certificate bindings:\n-------------------------\n\n"
netsh += netsh_block("0.0.0.0:443", mail_new["thumb"], "My", True)
netsh += netsh_block("127.0.0.1:443", mail_old["thumb"], "My", True)
netsh += netsh_block("0.0.0.0:444", exchange["thumb"], "MY", True)
write("netsh-http-sslcert.txt", netsh, "utf-8-bom")

stores = {"My": [auth, exchange, mail_old, mail_new, wmsvc], "Root": [root_ca, exchange], "CA": [issuing_ca],
          "WebHosting": [iis_self]}
capi, cng = "Microsoft RSA SChannel Cryptographic Provider", "Microsoft Software Key Storage Provider"
key_rows = {("My", auth["thumb"]): ("Microsoft Exchange Server Auth Certificate", True, capi, "True"),
            ("My", exchange["thumb"]): ("Microsoft Exchange", True, capi, "True"),
            ("My", mail_old["thumb"]): ("mail.contoso.com 2024", True, capi, "True"),
            ("My", mail_new["thumb"]): ("mail.contoso.com 2025", True, capi, "True"),
            ("My", wmsvc["thumb"]): ("", True, capi, "False"),
            ("WebHosting", iis_self["thumb"]): ("EX01 IIS", True, cng, "False")}
rows = ['"Store","Thumbprint","FriendlyName","HasPrivateKey","KeyProvider","NetworkServiceCanRead"']
os.makedirs(os.path.join(OUT, "certificates", "CA"), exist_ok=True)
for store, certs in stores.items():
    for c in certs:
        path = os.path.join(OUT, "certificates", store, c["thumb"] + ".cer")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(c["der"])
        friendly, has_key, provider, ns = key_rows.get((store, c["thumb"]), ("", False, "", ""))
        rows.append('"%s","%s","%s","%s","%s","%s"' % (store, c["thumb"], friendly, "True" if has_key else "False",
                                                      provider if has_key else "", ns if has_key else ""))
write("certificates/certificates.csv", "\n".join(rows) + "\n", "utf-8-bom")

service = ["Selected.System.ServiceProcess.ServiceController", "System.Management.Automation.PSCustomObject",
           "System.Object"]
status_t = ["System.ServiceProcess.ServiceControllerStatus", "System.Enum", "System.ValueType", "System.Object"]
start_t = ["System.ServiceProcess.ServiceStartMode", "System.Enum", "System.ValueType", "System.Object"]
status_value = {"Stopped": 1, "Running": 4}
start_value = {"Automatic": 2, "Manual": 3, "Disabled": 4}


def svc(name, status, start):
    return (service, "@{Name=%s; Status=%s; StartType=%s}" % (name, status, start), "MS",
            [("S", "Name", name), ("Obj", "Status", (status_t, status, "<I32>%d</I32>" % status_value[status])),
             ("Obj", "StartType", (start_t, start, "<I32>%d</I32>" % start_value[start]))])


write("services.xml", clixml([svc("MSExchangeADTopology", "Stopped", "Disabled"),
                              svc("MSExchangeFrontEndTransport", "Stopped", "Disabled"),
                              svc("MSExchangeIS", "Stopped", "Disabled"),
                              svc("MSExchangeServiceHost", "Stopped", "Disabled"),
                              svc("MSExchangeTransport", "Stopped", "Disabled"),
                              svc("W3SVC", "Running", "Automatic"),
                              svc("WAS", "Running", "Manual")]), "utf-16")
role = ["Selected.System.Management.Automation.PSCustomObject", "System.Management.Automation.PSCustomObject",
        "System.Object"]


# A failed run's Action and Watermark: the action as setup's resume line names it ("Setup failed
# previously while performing the action Install. Looking for the failed task with ID ...", facts.md 1)
# and a task id of the shape facts.md 1 quotes (BridgeheadRoleSetterComponent___<guid>).
def reg(child, watermark, action):
    props = [("S", "PSChildName", child)]
    props.append(("S", "Watermark", watermark) if watermark else ("Nil", "Watermark", None))
    props.append(("S", "Action", action) if action else ("Nil", "Action", None))
    props += [("S", "ConfiguredVersion", "15.2.1258.12"), ("S", "UnpackedVersion", "15.2.1544.4")]
    return (role, "@{PSChildName=%s}" % child, "MS", props)


write("setup-registry.xml", clixml([reg("AdminToolsRole", None, None),
                                    reg("MailboxRole", "BridgeheadRoleSetterComponent___115c1108e99e4560bd2c03c0fec99908",
                                        "Install")]), "utf-16")
write("clock.txt", "2025-06-01T09:00:00Z\n", "ascii")
write("timezone.txt", "W. Europe Standard Time\n", "utf-8-bom")
shutil.rmtree(tmp)
print("wrote", OUT)

# Bad input: EX01's folder cut to its Exchange certificates and a netsh text that is wrong in one
# place, each in its own folder (tests/cli/import-bad-netsh-*.test): a line netsh does not print
# inside a block, and a block without its certificate hash.
def bad_folder(name, text):
    folder = os.path.join(ROOT, "tests", "import", name)
    if os.path.exists(folder):
        shutil.rmtree(folder)
    os.makedirs(folder)
    shutil.copy(os.path.join(OUT, "GetExchangeCertificate.xml"), folder)
    path = os.path.join(folder, "netsh-http-sslcert.txt")
    with open(path, "wb") as f:
        f.write(b"\xef\xbb\xbf" + crlf(text).encode("utf-8"))


good = "\nSSL Certificate bindings:\n-------------------------\n\n" + netsh_block("0.0.0.0:443", mail_new["thumb"], "My")
bad_folder("bad-netsh-line", good + netsh_block("127.0.0.1:443", mail_old["thumb"], "My").replace(
    "    Usage Check ", "    Usage Check was here\n    Usage Check "))
bad_folder("bad-netsh-block", good + netsh_block("0.0.0.0:444", exchange["thumb"], "My").replace(
    "    Certificate Hash             : " + exchange["thumb"].lower() + "\n", ""))


# An Exchange SE server: EX01's certificates, IIS and http.sys, and a GetExchangeServer.xml whose
# AdminDisplayVersion is SE RTM with the August 2025 SU, 15.2.2562.20 (CSS-Exchange
# Shared/Get-ExchangeBuildVersionInformation.ps1: "Aug25SU" = "15.2.2562.20"); tests/cli/import-se.test.
se = os.path.join(ROOT, "tests", "import", "ex01-se")
if os.path.exists(se):
    shutil.rmtree(se)
os.makedirs(os.path.join(se, "IIS"))
for rel in ("GetExchangeCertificate.xml", "GetAuthConfig.xml", "netsh-http-sslcert.txt", "clock.txt",
            os.path.join("IIS", "applicationHost.config"), os.path.join("IIS", "GetWebBinding.xml")):
    shutil.copy(os.path.join(OUT, rel), os.path.join(se, rel))
with open(os.path.join(OUT, "GetExchangeServer.xml"), "rb") as f:
    server = f.read().decode("utf-16")
with open(os.path.join(se, "GetExchangeServer.xml"), "wb") as f:
    f.write(server.replace("Version 15.2 (Build 1258.12)", "Version 15.2 (Build 2562.20)").encode("utf-16"))
