#pragma once
// The explorer's server states as data: a healthy server (its version, whether it has a public CA
// certificate, whether it is hybrid) and a short list of faults, each a few small numbers. From a
// genome come both the state in memory (fast: thousands a second, certificates from a pool made
// once) and the same state as a scenario file (what a counterexample is written as, and what
// `cusim run` replays). Every genome is drawn from a seed, so a state is reproduced from it.
#include <cstdint>
#include <string>
#include <vector>

#include "sim/formats/json_input.hpp"
#include "sim/formats/scenario.hpp"

namespace cusim {

// The certificates a state may hold. Dates are relative to the base clock (explore_base_clock).
enum class PoolCert : std::uint8_t {
    root,          // Contoso Root CA, in Root
    mail,          // mail.contoso.com from the CA, valid (expires in 165 days)
    mail_expired,  // expired 35 days ago
    mail_future,   // not valid for 5 more days
    mail_sha1,     // valid, signed with SHA-1
    mail_soon,     // expires in 2 days
    mail_deleted,  // the certificate a binding or connector names after it was deleted: in no store
    self,          // "Microsoft Exchange", CN=EX01, valid
    self_expired,  // an older "Microsoft Exchange", expired 173 days ago
    auth,          // "Microsoft Exchange Server Auth Certificate", valid
    auth_expired,  // an Auth certificate that expired 100 days ago
    auth_next,     // a new Auth certificate, made yesterday
    count
};
const char* pool_cert_id(PoolCert c);

// How a store entry keeps its key.
enum class KeyState : std::uint8_t {
    normal,           // CAPI, Administrators Full Control
    no_key,           // the entry lost its private key (still in the key container)
    cng,              // the key is in a CNG provider
    no_admin_access,  // Administrators cannot read or re-ACL the key: setup cannot grant NETWORK SERVICE
    admin_read_only,  // Administrators may read the key but not change its ACL
    count
};

// The http.sys endpoints of a default server: Default Web Site 443 on all addresses and on
// 127.0.0.1, the Back End's 444.
enum class Endpoint : std::uint8_t { dws, dws_localhost, backend, count };

enum class FaultKind : std::uint8_t {
    bind,                // a: endpoint, b: certificate (bindable_certs), c: its key state
    unbind,              // a: endpoint: http.sys has no binding for an IIS https binding
    http_sys_store,      // a: endpoint: http.sys names the certificate in WebHosting, where it is not
    extra_binding,       // b: certificate or none: a second 443 binding, on 192.168.1.10, IIS and http.sys
    remove_certificate,  // a: which (self, mail, auth): deleted from My (a Root copy stays)
    key_state,           // a: which (self, mail, auth), b: key state of its My entry
    auth,                // a: auth_variants
    internal_transport,  // a: transport_variants
    smtp_off,            // no certificate is enabled for SMTP any more
    connector,           // a: connector_variants: a receive connector's TlsCertificateName
    clock,               // a: clock_offsets: the clock around an expiry
    count
};

struct Fault {
    FaultKind kind = FaultKind::bind;
    std::uint8_t a = 0, b = 0, c = 0;
    bool operator==(const Fault&) const = default;
};

struct ServerGenome {
    bool exchange2016 = false;
    bool public_ca = true;
    bool hybrid = false;  // only with a public CA certificate: HCW's connector names it
    std::vector<Fault> faults;
    // Parts of the healthy server left out while shrinking, so the counterexample holds fewer
    // certificates and bindings: the Root CA, and Default Web Site's 127.0.0.1:443 binding.
    bool omit_root = false;
    bool omit_localhost = false;
    bool operator==(const ServerGenome&) const = default;
};

// The number of choices for each fault's parameters (the generator and the shrinker use them).
std::uint8_t fault_choices(FaultKind kind, int parameter);

// The genome of state `index` of a run seeded with `seed`: 0 to 4 faults on a healthy server.
ServerGenome generate_genome(std::uint64_t seed, std::uint64_t index);

// The scenario in memory, without JSON or signing: certificates come from the pool (made on the
// first call, once per process, from the key pool in `fixtures_root()/keys`). Thread-safe.
Scenario genome_scenario(const ServerGenome& g);
// The same server as a scenario file's document (the format of scenarios/scenario.schema.json);
// the caller adds id, title, source, description and expectations.
Json genome_json(const ServerGenome& g);

// One line per fault, for a summary and a scenario's description.
std::string describe_fault(const Fault& f);
std::string describe_genome(const ServerGenome& g);

SimTime explore_base_clock();

}  // namespace cusim
