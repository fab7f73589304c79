#include "sim/setup/setup_texts.hpp"

#include <fmt/format.h>

namespace cusim::texts {

std::string ExceptionText::first_line() const {
    std::string s = type + ": " + message;
    for (auto& i : inner) s += " ---> " + i;
    return s;
}

ExceptionText certificate_expired(ExchangeVersion version) {
    const std::string throw_error =
        "   at Microsoft.Exchange.Configuration.Tasks.Task.ThrowError(Exception exception, ErrorCategory errorCategory, "
        "Object target, String helpUrl)";
    const std::string internal_process =
        "   at Microsoft.Exchange.Management.SystemConfigurationTasks.InstallExchangeCertificate.InternalProcessRecord()";
    const std::string invoke_retryable =
        "   at Microsoft.Exchange.Configuration.Tasks.Task.InvokeRetryableFunc(String funcName, Action func, Boolean "
        "terminatePipelineIfFailed)";
    if (version != ExchangeVersion::exchange2016)
        // facts.md 1c2: ExchangeSetup.log of 03/22/2021 quoted in microsoft/CSS-Exchange PR #409. Exchange SE
        // runs 2019 CU15's code (server_state.hpp): the same frames (INFERRED: no SE log of this failure was found).
        return {"System.Security.Cryptography.CryptographicException",
                "The certificate is expired.",
                {},
                {throw_error, internal_process, "   at Microsoft.Exchange.Configuration.Tasks.Task.<ProcessRecord>b__91_1()",
                 invoke_retryable}};
    // facts.md 1b (Practical365, an Exchange 2013/2016 build): the frames, unwrapped; the console
    // wraps them at 80 columns. "Task.b__b()" is as the source prints it.
    return {"System.Security.Cryptography.CryptographicException",
            "The certificate is expired.",
            {},
            {throw_error,
             "   at Microsoft.Exchange.Configuration.Tasks.Task.WriteError(Exception exception, ErrorCategory category, "
             "Object target)",
             internal_process, "   at Microsoft.Exchange.Configuration.Tasks.Task.b__b()", invoke_retryable}};
}

ExceptionText insufficient_rights(const std::string& thumbprint) {
    // facts.md 5 (win-acme #1286), exact; the source shows two frames and "(...)".
    return {"Microsoft.Exchange.Management.SystemConfigurationTasks.AddAccessRuleUnauthorizedAccessException",
            fmt::format("Insufficient rights to grant Network Service access to the certificate with thumbprint {}.",
                        thumbprint),
            {"System.UnauthorizedAccessException: Certificate",
             "System.Security.Cryptography.CryptographicException: Keyset does not exist"},
            {"   at System.Security.Cryptography.Utils.CreateProvHandle(CspParameters parameters, Boolean "
             "randomKeyContainer)",
             "   at System.Security.Cryptography.Utils.GetKeyPairHelper(...)"}};
}

ExceptionText access_rule_denied(const std::string& thumbprint) {
    // frankysweb.de ("win-acme: Installation eines Exchange CUs schlägt fehl", Exchange 2016, the
    // Client Access Front End step) quotes the German console: the exception type, the inner
    // "Zugriff verweigert" (Access is denied) and the frames are as there; the English wording of
    // the outer message is a translation (INFERRED: no English source was found).
    return {"Microsoft.Exchange.Management.SystemConfigurationTasks.AddAccessRuleCryptographicException",
            fmt::format("A cryptographic exception prevented granting Network Service access to the certificate with "
                        "thumbprint {}.",
                        thumbprint),
            {"System.Security.Cryptography.CryptographicException: Access is denied."},
            {"   at Microsoft.Exchange.Security.Cryptography.X509Certificates.TlsCertificateInfo.CAPIAddAccessRule("
             "X509Certificate2 certificate, AccessRule rule)",
             "   at Microsoft.Exchange.Security.Cryptography.X509Certificates.TlsCertificateInfo.AddAccessRule("
             "X509Certificate2 certificate, AccessRule rule)",
             "   at Microsoft.Exchange.Management.SystemConfigurationTasks.ManageExchangeCertificate.EnableForServices("
             "X509Certificate2 cert, AllowedServices services, String websiteName, Boolean requireSsl, "
             "ITopologyConfigurationSession dataSession, Server server, List`1 warningList, Boolean allowConfirmation, "
             "Boolean forceNetworkService)",
             "   --- End of inner exception stack trace ---",
             "   at Microsoft.Exchange.Configuration.Tasks.Task.ThrowError(Exception exception, ErrorCategory "
             "errorCategory, Object target, String helpUrl)",
             "   at Microsoft.Exchange.Configuration.Tasks.Task.WriteError(Exception exception, ErrorCategory category, "
             "Object target)",
             "   at Microsoft.Exchange.Management.SystemConfigurationTasks.InstallExchangeCertificate.EnableForServices("
             "X509Certificate2 cert, AllowedServices services)"}};
}

TaskScript install_certificate_task(const std::string& services_argument) {
    // Real logs quote a task script as the setup XML holds it: indented, starting on a new line.
    std::string log_script = "\n          Install-ExchangeCertificate -services " + services_argument +
                             " -DomainController $RoleDomainController\n"
                             "          if ($RoleIsDatacenter -ne $true -And $RoleIsPartnerHosted -ne $true)\n"
                             "          {\n"
                             "            Install-AuthCertificate -DomainController $RoleDomainController\n"
                             "          }\n"
                             "        ";
    if (services_argument == "IIS") {
        // facts.md 1b (rmilne, Practical365 with braces), line for line.
        return {"The following error was generated when \"$error.Clear();\n"
                "Install-ExchangeCertificate -services IIS -DomainController $RoleDomainController\n"
                "if ($RoleIsDatacenter -ne $true -And $RoleIsPartnerHosted -ne $true)\n"
                "{\n"
                "Install-AuthCertificate -DomainController $RoleDomainController\n"
                "}\n",
                log_script};
    }
    // facts.md 5 (win-acme #1286), line for line, with its "Error:" header.
    return {"Error:\nThe following error was generated when \"$error.Clear(); " + log_script, log_script};
}

std::string installing_certificate_line(const Certificate& c) {
    // Shape from SetupLogReviewer's regex (facts.md 1c): two spaces after "'.", US dates.
    return fmt::format("Installing certificate signed by '{}' for site '{}'.  Certificate is valid from {} until {}.",
                       c.issuer(), c.subject(), format_windows(c.not_before()), format_windows(c.not_after()));
}

std::string setup_did_not_complete() {
    return "The Exchange Server setup operation didn't complete.  More details can be found in ExchangeSetup.log "
           "located in the <SystemDrive>:\\ExchangeSetupLogs folder.";
}

std::string setup_completed() { return "The Exchange Server setup operation completed successfully."; }

std::string product_name(ExchangeVersion v) {
    switch (v) {
        case ExchangeVersion::exchange2016: return "Microsoft Exchange Server 2016";
        case ExchangeVersion::exchange2019: return "Microsoft Exchange Server 2019";
        case ExchangeVersion::exchange_se:
            // The product's name as Microsoft names it ("Exchange Server Subscription Edition (SE)",
            // https://learn.microsoft.com/en-us/exchange/plan-and-deploy/deploy-new-installations/upgrade-to-exchange-server-se;
            // MSRC's product "Microsoft Exchange Server Subscription Edition RTM"). That setup's log header says
            // "Starting Microsoft Exchange Server Subscription Edition Setup" and its console "Microsoft Exchange
            // Server Subscription Edition RTM Unattended Setup" is INFERRED: no SE setup log or console was found.
            return "Microsoft Exchange Server Subscription Edition";
    }
    return "Microsoft Exchange Server 2019";
}

const std::vector<ConsoleStep>& console_steps() {
    static const std::vector<ConsoleStep> steps = {
        {"Preparing Setup", "", "", "", 45},
        {"Stopping Services", "", "", "", 140},
        {"Copying Exchange Files", "", "", "", 610},
        {"Language Files", "Languages", "", "install-Languages", 380},
        {"Restoring Services", "", "", "", 35},
        {"Language Configuration", "", "", "", 420},
        {"Exchange Management Tools", "Management tools", "AdminToolsRole", "Install-AdminToolsRole", 290},
        {"Mailbox role: Transport service", "Mailbox role: Transport service", "BridgeheadRole",
         "Install-BridgeheadRole", 1150},
        {"Mailbox role: Client Access service", "Mailbox role: Client Access service", "ClientAccessRole",
         "Install-ClientAccessRole", 620},
        {"Mailbox role: Unified Messaging service", "Mailbox role: Unified Messaging service", "UnifiedMessagingRole",
         "Install-UnifiedMessagingRole", 240, true},
        {"Mailbox role: Mailbox service", "Mailbox role: Mailbox service", "MailboxRole", "Install-MailboxRole", 1980},
        {"Mailbox role: Front End Transport service", "Mailbox role: Front End Transport service",
         "FrontendTransportRole", "Install-FrontendTransportRole", 260},
        {"Mailbox role: Client Access Front End service", "Mailbox role: Client Access Front End service", "CafeRole",
         "Install-CafeRole", 540},
        {"Finalizing Setup", "", "", "Start-PostSetup", 160},
    };
    return steps;
}

const std::vector<std::string>& exchange_services() {
    static const std::vector<std::string> services = {
        "MSExchangeADTopology", "MSExchangeAntispamUpdate", "MSExchangeDagMgmt", "MSExchangeDelivery",
        "MSExchangeDiagnostics", "MSExchangeEdgeSync", "MSExchangeFastSearch", "MSExchangeFrontEndTransport",
        "MSExchangeHM", "MSExchangeHMRecovery", "MSExchangeImap4", "MSExchangeIMAP4BE", "MSExchangeIS",
        "MSExchangeMailboxAssistants", "MSExchangeMailboxReplication", "MSExchangePop3", "MSExchangePOP3BE",
        "MSExchangeRepl", "MSExchangeRPC", "MSExchangeServiceHost", "MSExchangeSubmission", "MSExchangeThrottling",
        "MSExchangeTransport", "MSExchangeTransportLogSearch", "W3SVC"};
    return services;
}

}  // namespace cusim::texts
