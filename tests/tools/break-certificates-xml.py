# Leaves certificates.xml cut in half: cusim must report the file and line, not crash.
import os
p = os.path.join(os.environ["CUSIM_STATE"], "certificates", "certificates.xml")
data = open(p, "rb").read()
open(p, "wb").write(data[: len(data) // 2])
