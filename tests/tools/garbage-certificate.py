# Drops a file that is not a certificate into the Personal store.
import os
open(os.path.join(os.environ["CUSIM_STATE"], "certificates", "My", "not-a-cert.cer"), "w").write("hello\n")
