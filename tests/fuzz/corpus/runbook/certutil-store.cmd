:: certutil -store: the whole store, then one certificate by serial number
certutil -store my
certutil -store root 5A1F3C9E
