// The explorer (sim/explore): states drawn from a seed are the same on every build, the state in
// memory is the state its scenario file loads to, the properties catch a fix that breaks them, the
// shrinker keeps only what matters, and the result does not depend on the number of threads.
#define BOOST_TEST_MODULE explore
#include <boost/test/unit_test.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <atomic>

#include "sim/explore/explorer.hpp"
#include "sim/explore/prng.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/runbook/fix_files.hpp"
#include "tests/test_support.hpp"

using namespace cusim;

namespace {

std::vector<std::string> store_thumbprints(const ServerState& s) {
    std::vector<std::string> out;
    for (auto& store : s.stores)
        for (auto& e : store.entries)
            out.push_back(fmt::format("{} {} key={} {} full={} read={} recoverable={} {}", to_string(store.name),
                                      e.certificate.thumbprint(), e.has_private_key, provider_display_name(e.key_provider),
                                      e.administrators_full_control, e.administrators_read, e.key_recoverable,
                                      e.friendly_name));
    for (auto& [t, services] : s.exchange.services) out.push_back(t + " " + fmt::format("{}", fmt::join(services, ",")));
    for (auto& b : s.ssl_bindings) out.push_back(b.ip_port + " " + b.certificate_hash + " " + b.store_name);
    for (auto& site : s.sites)
        for (auto& b : site.bindings) out.push_back(site.name + " " + b.protocol + " " + b.binding_information);
    out.push_back("auth " + s.exchange.auth.current_thumbprint + " " + s.exchange.auth.next_thumbprint + " " +
                  (s.exchange.auth.next_effective_date ? format_iso(*s.exchange.auth.next_effective_date) : "-") + " " +
                  s.exchange.auth_loaded_thumbprint);
    out.push_back("transport " + s.exchange.internal_transport_thumbprint);
    for (auto& rc : s.exchange.receive_connectors) out.push_back(rc.name + " " + rc.fqdn + " " + rc.tls_certificate_name);
    out.push_back(format_iso(s.clock) + " " + s.exchange.installed_build + " " + s.exchange.target_build);
    out.push_back(fmt::format("spare keys {}", s.spare_keys.size()));
    return out;
}

// A fix made in memory from one action on the state.
Fix in_memory_fix(const std::string& id, std::function<void(ServerState&)> change) {
    Fix f;
    f.id = id;
    f.title = id;
    f.steps.push_back({"test", "test", id, [change](ActionContext& ctx) {
                           change(ctx.state);
                           return ActionResult{};
                       }});
    return f;
}

ServerGenome expired_443_genome() {
    ServerGenome g;
    g.public_ca = true;
    g.faults.push_back({FaultKind::bind, 0, 1, 0});  // 0.0.0.0:443 on mail-expired
    g.faults.push_back({FaultKind::bind, 1, 1, 0});  // 127.0.0.1:443 too
    return g;
}

}  // namespace

BOOST_AUTO_TEST_CASE(prng_is_the_published_xoshiro256starstar) {
    // splitmix64 from 0 gives 0xE220A8397B1DCDAF first (Vigna's reference implementation).
    std::uint64_t s = 0;
    BOOST_TEST(splitmix64(s) == 0xE220A8397B1DCDAFull);
    Xoshiro256 a(42), b(42);
    for (int i = 0; i < 100; ++i) BOOST_TEST(a.next() == b.next());
    for (int i = 0; i < 1000; ++i) BOOST_TEST(a.below(7) < 7u);
}

BOOST_AUTO_TEST_CASE(states_from_a_seed_are_pinned) {
    // If this changes, every seed names another state: old reports and issues no longer replay.
    std::vector<std::string> got;
    for (std::uint64_t i = 0; i < 4; ++i) got.push_back(describe_genome(generate_genome(1, i)));
    std::string text = fmt::format("{}\n", fmt::join(got, "\n"));
    std::string path = test::source_path("tests/explore/seed-1-states.txt");
    if (test::update_golden()) test::write_text(path, text);
    std::string diff = test::line_diff(test::read_text(path), text);
    BOOST_TEST(diff.empty(), path << " differs:\n" << diff);
}

BOOST_AUTO_TEST_CASE(the_state_in_memory_is_the_state_its_file_loads_to) {
    for (std::uint64_t i = 0; i < 400; ++i) {
        ServerGenome g = generate_genome(7, i);
        if (i % 5 == 0) g.omit_localhost = true;
        Scenario mem = genome_scenario(g);
        Json doc = genome_json(g);
        doc["id"] = "t";
        doc["title"] = "t";
        doc["source"] = "t";
        Scenario file = parse_scenario(doc, test::source_path("scenarios/forum/explore-test.json"));
        BOOST_TEST_CONTEXT("state " << i << ": " << describe_genome(g)) {
            BOOST_TEST(store_thumbprints(mem.state) == store_thumbprints(file.state), boost::test_tools::per_element());
            BOOST_TEST(same_record(run_baseline(mem).record, run_baseline(file).record));
        }
    }
}

BOOST_AUTO_TEST_CASE(healthy_servers_succeed) {
    for (bool e2016 : {false, true})
        for (bool ca : {false, true})
            for (bool hybrid : {false, true}) {
                ServerGenome g{e2016, ca, ca && hybrid, {}};
                Baseline b = run_baseline(genome_scenario(g));
                BOOST_TEST(to_string(b.record.outcome) == "succeeds", describe_genome(g));
                for (auto& c : b.record.checks) BOOST_TEST(c.passed, describe_genome(g) << ": " << c.id << " " << c.detail);
            }
}

BOOST_AUTO_TEST_CASE(a_fix_that_breaks_what_worked_is_made_worse_and_shrinks) {
    // Removing the Back End's binding breaks 444 and EMS, which worked on the failed baseline.
    Fix breaker = in_memory_fix("drop-444", [](ServerState& s) { std::erase_if(s.ssl_bindings, [](auto& b) { return b.ip_port == "0.0.0.0:444"; }); });
    ExploreTarget t;
    t.fixes = {&breaker};
    ServerGenome g = expired_443_genome();
    g.faults.push_back({FaultKind::key_state, 2, 0, 0});  // the Auth key as it is: changes nothing
    g.exchange2016 = true;
    StateCheck sc = check_state(genome_scenario(g), t);
    BOOST_TEST(to_string(sc.baseline) == "fails");
    auto it = std::find_if(sc.violations.begin(), sc.violations.end(), [](auto& v) { return v.property == Property::made_worse; });
    BOOST_REQUIRE(it != sc.violations.end());
    BOOST_TEST(it->run == "drop-444");
    BOOST_TEST(it->signature.find("backend-444") != std::string::npos);
    ServerGenome small = shrink(g, *it, t);
    // The expired 443 binding stays (without a failed baseline nothing is judged); the no-op goes.
    BOOST_TEST(small.faults.size() <= 2u);
    BOOST_TEST(!small.exchange2016);
    for (auto& f : small.faults) BOOST_TEST(int(f.kind) == int(FaultKind::bind));
}

BOOST_AUTO_TEST_CASE(a_fix_whose_records_differ_breaks_determinism) {
    static std::atomic<int> runs{0};
    Fix flaky;
    flaky.id = "flaky";
    flaky.steps.push_back({"test", "test", "flaky", [](ActionContext&) {
                               return ActionResult{true, fmt::format("run {}", runs++)};
                           }});
    ExploreTarget t;
    t.fixes = {&flaky};
    StateCheck sc = check_state(genome_scenario(expired_443_genome()), t);
    BOOST_TEST(std::any_of(sc.violations.begin(), sc.violations.end(), [](auto& v) { return v.property == Property::determinism; }));
}

BOOST_AUTO_TEST_CASE(the_result_does_not_depend_on_jobs) {
    std::vector<Fix> catalogue = load_fix_catalogue(test::source_path("scenarios/fixes"));
    ExploreTarget t;
    for (auto& f : catalogue) t.fixes.push_back(&f);
    ExploreOptions one{5, 150, 1, {}, {}}, two{5, 150, 2, {}, {}};
    ExploreResult a = run_explore(one, t), b = run_explore(two, t);
    BOOST_TEST(explore_summary(a, one, "all", "out") == explore_summary(b, two, "all", "out"));
    BOOST_REQUIRE(a.counterexamples.size() == b.counterexamples.size());
    for (size_t i = 0; i < a.counterexamples.size(); ++i)
        BOOST_TEST(a.counterexamples[i].scenario.dump() == b.counterexamples[i].scenario.dump());
}

BOOST_AUTO_TEST_CASE(a_counterexample_file_replays) {
    Fix breaker = in_memory_fix("drop-444", [](ServerState& s) { std::erase_if(s.ssl_bindings, [](auto& b) { return b.ip_port == "0.0.0.0:444"; }); });
    ExploreTarget t;
    t.fixes = {&breaker};
    StateCheck sc = check_state(genome_scenario(expired_443_genome()), t);
    BOOST_REQUIRE(!sc.violations.empty());
    Counterexample c;
    c.violation = sc.violations[0];
    c.original = c.minimal = expired_443_genome();
    Json doc = genome_json(c.minimal);
    doc["id"] = "t";
    doc["title"] = "t";
    doc["source"] = "t";
    Scenario loaded = parse_scenario(doc, test::source_path("scenarios/forum/explore-test.json"));
    BOOST_TEST(replays(loaded, c, t));
}

BOOST_AUTO_TEST_CASE(a_tool_that_does_less_than_the_catalogue_is_reported) {
    // Both 443 bindings on the expired certificate while the valid one is in the store: the
    // catalogue's rebind-both-to-newest-valid gets the CU through, a tool that changes nothing does not.
    std::vector<Fix> catalogue = load_fix_catalogue(test::source_path("scenarios/fixes"));
    Fix nothing = in_memory_fix("does-nothing", [](ServerState&) {});
    ExploreTarget t;
    t.tool = &nothing;
    for (auto& f : catalogue)
        if (f.id == "rebind-both-to-newest-valid") t.catalogue.push_back(&f);
    BOOST_REQUIRE(t.catalogue.size() == 1u);
    StateCheck sc = check_state(genome_scenario(expired_443_genome()), t, false);
    auto it = std::find_if(sc.violations.begin(), sc.violations.end(), [](auto& v) { return v.property == Property::coverage; });
    BOOST_REQUIRE(it != sc.violations.end());
    BOOST_TEST(it->run == "does-nothing");
    BOOST_TEST(it->signature == "rebind-both-to-newest-valid succeeds, the tool fails");
}
