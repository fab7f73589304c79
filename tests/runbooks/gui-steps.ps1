# The GUI steps, named for the simulator
IIS-CreateSelfSignedCertificate -FriendlyName "IIS Self-Signed" -Store Personal
IIS-EditSiteBinding -Site "Default Web Site" -Binding "127.0.0.1:443:" -Certificate "IIS Self-Signed"
CertLM-ManagePrivateKeys -Thumbprint "0123456789012345678901234567890123456789"
