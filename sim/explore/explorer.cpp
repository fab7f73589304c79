#include "sim/explore/explorer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "sim/preflight/preflight.hpp"
#include "sim/recovery/fix_run.hpp"
#include "sim/setup/setup_run.hpp"

namespace cusim {
namespace {

bool same_checks(const std::vector<CheckResult>& a, const std::vector<CheckResult>& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
        const CheckResult &x = a[i], &y = b[i];
        if (x.id != y.id || x.name != y.name || x.passed != y.passed || x.detail != y.detail ||
            x.events.size() != y.events.size())
            return false;
        for (size_t j = 0; j < x.events.size(); ++j) {
            const EventRecord &e = x.events[j], &f = y.events[j];
            if (e.id != f.id || e.source != f.source || e.log != f.log || e.level != f.level || e.message != f.message)
                return false;
        }
    }
    return true;
}

// The checks that fail in `after` and passed in `before` (a check `before` lacks is not judged).
std::vector<const CheckResult*> made_worse(const std::vector<CheckResult>& before, const std::vector<CheckResult>& after) {
    std::vector<const CheckResult*> out;
    for (auto& c : after) {
        if (c.passed) continue;
        auto it = std::find_if(before.begin(), before.end(), [&](auto& b) { return b.id == c.id; });
        if (it != before.end() && it->passed) out.push_back(&c);
    }
    return out;
}

// The record without its texts: what a run with SetupOptions::texts false must agree on.
bool same_verdict(const RunRecord& a, const RunRecord& b) {
    RunRecord x = a, y = b;
    x.console = y.console = x.log = y.log = "";
    return same_record(x, y);
}

const SetupOptions quiet{80, false};

// "The same way" for made worse: the first check the fix broke, the Default Web Site's https
// bindings as one (dws-443, dws-localhost-443 and a second binding's dws-192.168.1.10-443 are the
// same damage on another address). With the whole set of checks, one cause (a deleted certificate
// that several bindings name) counted as a new counterexample for every set of bindings it hit.
std::string worse_signature(const CheckResult& first) { return first.id.rfind("dws-", 0) == 0 ? "dws" : first.id; }

// `full`: the baseline with its texts, for the determinism check (null: not checked on this state).
void check_fix(const Scenario& s, const Baseline& b, const Baseline* full, const Fix& fix, StateCheck& out,
               RunRecord* keep = nullptr) {
    RunRecord r = run_fix(s, b, fix);
    if (r.outcome != Outcome::invalid && r.outcome != Outcome::unmodelled) {
        auto worse = made_worse(b.record.checks, r.checks);
        if (!worse.empty()) {
            std::vector<std::string> ids, details;
            for (auto* c : worse) {
                ids.push_back(c->id);
                details.push_back(c->id + ": " + c->detail);
            }
            out.violations.push_back({Property::made_worse, fix.id, worse_signature(*worse.front()),
                                      fmt::format("{} ({}) leaves failing what passed on the failed baseline: {}", fix.id,
                                                  to_string(r.outcome), fmt::join(details, "; "))});
        }
    }
    if (full) {
        RunRecord once = run_fix(s, *full, fix), again = run_fix(s, *full, fix);
        if (!same_record(once, again))
            out.violations.push_back({Property::determinism, fix.id, "records differ",
                                      fmt::format("{} run twice on the same state gave different records", fix.id)});
        else if (!same_verdict(once, r))
            out.violations.push_back({Property::determinism, fix.id, "texts change the verdict",
                                      fmt::format("{} judged differently when setup writes no texts", fix.id)});
    }
    if (keep) *keep = std::move(r);
}

void check_preflight(const Scenario& s, const Baseline& b, StateCheck& out) {
    if (s.trigger != TriggerKind::cu) return;
    CuPrediction p = predict_cu(s.state);
    bool completes = b.record.outcome != Outcome::fails;
    if (p.completes != completes) {
        out.violations.push_back({Property::preflight, "preflight", "completes",
                                  fmt::format("preflight says the CU {}, the simulated CU {}", p.completes ? "completes" : "fails",
                                              to_string(b.record.outcome))});
        return;
    }
    if (completes && p.checks_green != (b.record.outcome == Outcome::succeeds))
        out.violations.push_back({Property::preflight, "preflight", "checks-green",
                                  fmt::format("preflight says the health checks are {} after the CU, the simulated CU is {}",
                                              p.checks_green ? "green" : "not green", to_string(b.record.outcome))});
    // The time bomb is the first moment the CU fails: a second before it, it must still complete.
    if (p.time_bomb && *p.time_bomb > s.state.clock) {
        ServerState before = s.state;
        before.clock = *p.time_bomb - std::chrono::seconds(1);
        SetupResult early = run_setup(std::move(before), quiet);
        if (!early.completed)
            out.violations.push_back(
                {Property::preflight, "preflight", "time-bomb",
                 fmt::format("preflight's time bomb is {}, but the CU already fails a second before it, at '{}'",
                             format_iso(*p.time_bomb), early.error ? early.error->step : "")});
    }
}

// The targets one violation needs to be seen again (shrinking, replay): only its own run.
ExploreTarget narrowed(const ExploreTarget& t, const Violation& v) {
    ExploreTarget n;
    auto by_id = [&](const std::string& id) -> const Fix* {
        for (auto* f : t.fixes)
            if (f->id == id) return f;
        for (auto* f : t.catalogue)
            if (f->id == id) return f;
        if (t.tool && t.tool->id == id) return t.tool;
        return nullptr;
    };
    if (v.property == Property::coverage) {
        n.tool = t.tool;
        std::string fix = v.signature.substr(0, v.signature.find(' '));
        if (const Fix* f = by_id(fix)) n.catalogue.push_back(f);
    } else if (const Fix* f = by_id(v.run)) {
        if (f == t.tool) n.tool = f;
        else n.fixes.push_back(f);
    }
    return n;
}

bool breaks_same_way(const Scenario& s, const Violation& v, const ExploreTarget& narrow, Violation* seen = nullptr) {
    for (auto& x : check_state(s, narrow, v.property == Property::determinism).violations)
        if (x.property == v.property && x.run == v.run && x.signature == v.signature) {
            if (seen) *seen = x;
            return true;
        }
    return false;
}

std::string property_word(Property p) {
    switch (p) {
        case Property::made_worse: return "made-worse";
        case Property::coverage: return "coverage";
        case Property::preflight: return "preflight";
        case Property::determinism: return "determinism";
        case Property::internal_error: return "internal-error";
        case Property::count: break;
    }
    return "?";
}

// The minimal state as a scenario file: the server, and the expectations that pin how it breaks,
// so that `cusim run` replays it and a change of behaviour shows as a broken expectation.
Json counterexample_scenario(const Counterexample& c, const ExploreTarget& target) {
    Json doc = genome_json(c.minimal);
    Json out = Json::object();
    out["$schema"] = doc["$schema"];
    out["id"] = c.id;
    out["title"] = fmt::format("{}: {}", property_title(c.violation.property), c.violation.run);
    out["source"] = "cusim explore";
    out["description"] = describe_genome(c.minimal);
    out["notes"] = fmt::format("Found by cusim explore (state {}, {} states broke it this way; shrunk from: {}). {}",
                               c.first_state, c.states, describe_genome(c.original), c.violation.detail);
    for (auto& [k, v] : doc.items())
        if (k != "$schema") out[k] = v;
    Scenario s = genome_scenario(c.minimal);
    Baseline b = run_baseline(s);
    Json expect = Json::object();
    expect["baseline"] = to_string(b.record.outcome);
    Json fixes = Json::object();
    auto pin = [&](const Fix& f, const std::string& why) {
        RunRecord r = run_fix(s, b, f);
        std::vector<std::string> failed;
        for (auto* x : r.failed_checks()) failed.push_back(x->id);
        Json e{{"outcome", to_string(r.outcome)}};
        if (r.outcome == Outcome::partial || r.outcome == Outcome::succeeds) e["failedChecks"] = failed;
        e["why"] = why;
        fixes[f.id] = e;
    };
    ExploreTarget n = narrowed(target, c.violation);
    if (c.violation.property == Property::coverage) {
        for (auto* f : n.catalogue)
            pin(*f, fmt::format("succeeds where the tool {} does not (run `cusim check-tool` with the tool on this file)",
                                c.violation.run));
    } else {
        for (auto* f : n.fixes) pin(*f, c.violation.detail);
    }
    if (!fixes.empty()) expect["fixes"] = fixes;
    out["expect"] = expect;
    return out;
}

struct Key {
    Property property;
    std::string run, signature;
    auto operator<=>(const Key&) const = default;
};
struct Seen {
    std::uint64_t first = 0, states = 0;
    Violation violation;
};

void merge(std::map<Key, Seen>& into, const std::map<Key, Seen>& from) {
    for (auto& [k, v] : from) {
        auto [it, fresh] = into.emplace(k, v);
        if (fresh) continue;
        it->second.states += v.states;
        if (v.first < it->second.first) {
            it->second.first = v.first;
            it->second.violation = v.violation;
        }
    }
}

// Runs `work(i)` for i in [0, n) on `jobs` threads, a batch at a time; returns how many ran
// (a prefix: a batch that started always finishes).
template <typename Work>
std::uint64_t parallel_for(std::uint64_t n, unsigned jobs, std::uint64_t batch, const std::function<bool()>& stop, Work&& work) {
    std::atomic<std::uint64_t> next{0};
    std::atomic<bool> stopped{false};
    std::uint64_t batches = (n + batch - 1) / batch;
    std::mutex error_mutex;
    std::exception_ptr error;
    auto worker = [&] {
        try {
            for (;;) {
                if (stopped.load() || (stop && stop())) {
                    stopped = true;
                    return;
                }
                std::uint64_t k = next.fetch_add(1);
                if (k >= batches) return;
                work(k * batch, std::min(n, (k + 1) * batch));
            }
        } catch (...) {
            std::lock_guard<std::mutex> lock(error_mutex);
            if (!error) error = std::current_exception();
            stopped = true;
        }
    };
    std::vector<std::thread> threads;
    for (unsigned j = 1; j < std::max(1u, jobs); ++j) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    if (error) std::rethrow_exception(error);
    return std::min(n, std::min(next.load(), batches) * batch);
}

}  // namespace

std::string to_string(Property p) { return property_word(p); }

std::string property_title(Property p) {
    switch (p) {
        case Property::made_worse: return "made worse";
        case Property::coverage: return "coverage";
        case Property::preflight: return "preflight's prediction";
        case Property::determinism: return "determinism";
        case Property::internal_error: return "internal error";
        case Property::count: break;
    }
    return "?";
}

bool same_record(const RunRecord& a, const RunRecord& b) {
    if (a.fix_id != b.fix_id || a.outcome != b.outcome || a.failed_step != b.failed_step || a.error != b.error ||
        a.setup_changes != b.setup_changes || a.broke_checks != b.broke_checks || a.console != b.console || a.log != b.log ||
        a.actions.size() != b.actions.size() || !same_checks(a.checks, b.checks))
        return false;
    for (size_t i = 0; i < a.actions.size(); ++i) {
        const ActionRecord &x = a.actions[i], &y = b.actions[i];
        if (x.step != y.step || x.tool != y.tool || x.ok != y.ok || x.output != y.output || x.changes != y.changes) return false;
    }
    return true;
}

StateCheck check_state(const Scenario& s, const ExploreTarget& t, bool twice) {
    StateCheck out;
    std::string run = "baseline";
    try {
        // The properties are judged on runs without setup's texts (most of a run's cost); the
        // determinism check runs with them, twice, and compares with the quiet run too.
        Baseline b = run_baseline(s, quiet);
        out.baseline = b.record.outcome;
        std::optional<Baseline> full;
        if (twice) {
            full = run_baseline(s);
            if (!same_record(full->record, run_baseline(s).record))
                out.violations.push_back({Property::determinism, "baseline", "records differ",
                                          "the baseline CU run twice on the same state gave different records"});
            else if (!same_verdict(full->record, b.record))
                out.violations.push_back({Property::determinism, "baseline", "texts change the verdict",
                                          "the baseline CU judged differently when setup writes no texts"});
        }
        const Baseline* fb = full ? &*full : nullptr;
        run = "preflight";
        check_preflight(s, b, out);
        if (b.record.outcome == Outcome::succeeds) return out;
        for (const Fix* f : t.fixes) {
            run = f->id;
            check_fix(s, b, fb, *f, out);
        }
        if (t.tool) {
            run = t.tool->id;
            RunRecord tool;
            check_fix(s, b, fb, *t.tool, out, &tool);
            if (tool.outcome != Outcome::succeeds)
                for (const Fix* f : t.catalogue) {
                    run = f->id;
                    if (run_fix(s, b, *f).outcome != Outcome::succeeds) continue;
                    out.violations.push_back({Property::coverage, t.tool->id,
                                              fmt::format("{} succeeds, the tool {}", f->id, to_string(tool.outcome)),
                                              fmt::format("the catalogue fix {} succeeds where the tool {} gives {}", f->id,
                                                          t.tool->id, to_string(tool.outcome))});
                    break;
                }
        }
    } catch (const std::exception& e) {
        out.violations.push_back({Property::internal_error, run, "exception", fmt::format("{}: {}", run, e.what())});
    }
    return out;
}

ServerGenome shrink(const ServerGenome& genome, const Violation& v, const ExploreTarget& target) {
    ExploreTarget narrow = narrowed(target, v);
    auto still = [&](const ServerGenome& g) { return breaks_same_way(genome_scenario(g), v, narrow); };
    ServerGenome g = genome;
    // Greedy to a fixed point: each step makes the genome strictly smaller (fewer faults, a lower
    // parameter, one part of the healthy server fewer), so it ends.
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < g.faults.size();) {
            ServerGenome c = g;
            c.faults.erase(c.faults.begin() + long(i));
            if (still(c)) {
                g = std::move(c);
                changed = true;
            } else {
                ++i;
            }
        }
        for (size_t i = 0; i < g.faults.size(); ++i)
            for (int p = 0; p < 3; ++p) {
                std::uint8_t& value = p == 0 ? g.faults[i].a : p == 1 ? g.faults[i].b : g.faults[i].c;
                for (std::uint8_t lower = 0; lower < value; ++lower) {
                    ServerGenome c = g;
                    (p == 0 ? c.faults[i].a : p == 1 ? c.faults[i].b : c.faults[i].c) = lower;
                    if (still(c)) {
                        g = std::move(c);
                        changed = true;
                        break;
                    }
                }
            }
        auto attempt = [&](auto&& edit) {
            ServerGenome c = g;
            if (!edit(c)) return;
            if (still(c)) {
                g = std::move(c);
                changed = true;
            }
        };
        attempt([](ServerGenome& c) { return c.hybrid && !(c.hybrid = false); });
        attempt([](ServerGenome& c) {
            if (!c.public_ca) return false;
            c.public_ca = c.hybrid = false;
            return true;
        });
        attempt([](ServerGenome& c) { return c.exchange2016 && !(c.exchange2016 = false); });
        attempt([](ServerGenome& c) { return !c.omit_localhost && (c.omit_localhost = true); });
    }
    return g;
}

bool replays(const Scenario& loaded, const Counterexample& c, const ExploreTarget& target) {
    return breaks_same_way(loaded, c.violation, narrowed(target, c.violation));
}

ExploreResult run_explore(const ExploreOptions& options, const ExploreTarget& target) {
    // One state in 64 is run twice with setup's texts (property d): the other properties need one
    // quiet run, and running every state three times more would cost three quarters of the time.
    constexpr std::uint64_t determinism_sample = 64;
    ExploreResult result;
    std::mutex mutex;
    std::map<Key, Seen> seen;
    std::uint64_t failing_states = 0;
    std::uint64_t done = 0;
    result.states = parallel_for(options.states, options.jobs, 64, options.stop, [&](std::uint64_t from, std::uint64_t to) {
        std::map<Key, Seen> local;
        std::array<std::uint64_t, 4> baselines{};
        std::array<std::uint64_t, size_t(Property::count)> failing{};
        std::uint64_t local_failing = 0;
        for (std::uint64_t i = from; i < to; ++i) {
            StateCheck sc = check_state(genome_scenario(generate_genome(options.seed, i)), target, i % determinism_sample == 0);
            ++baselines[size_t(sc.baseline)];
            std::set<Property> broke;
            for (auto& v : sc.violations) {
                broke.insert(v.property);
                auto [it, fresh] = local.emplace(Key{v.property, v.run, v.signature}, Seen{i, 0, v});
                ++it->second.states;
            }
            for (auto p : broke) ++failing[size_t(p)];
            local_failing += !broke.empty();
        }
        std::lock_guard<std::mutex> lock(mutex);
        merge(seen, local);
        for (size_t k = 0; k < baselines.size(); ++k) result.baselines[k] += baselines[k];
        for (size_t k = 0; k < failing.size(); ++k) result.failing[k] += failing[k];
        failing_states += local_failing;
        done += to - from;
        if (options.progress) options.progress(done, failing_states);
    });
    // Each way of breaking, from its first state, shrunk; the shrinking runs on the same threads.
    std::vector<std::pair<Key, Seen>> ways(seen.begin(), seen.end());
    std::sort(ways.begin(), ways.end(), [](auto& a, auto& b) {
        return std::tie(a.second.first, a.first) < std::tie(b.second.first, b.first);
    });
    result.counterexamples.resize(ways.size());
    parallel_for(ways.size(), options.jobs, 1, {}, [&](std::uint64_t from, std::uint64_t) {
        auto& [key, s] = ways[from];
        Counterexample& c = result.counterexamples[from];
        c.first_state = s.first;
        c.states = s.states;
        c.original = generate_genome(options.seed, s.first);
        c.minimal = shrink(c.original, s.violation, target);
        c.violation = s.violation;
        breaks_same_way(genome_scenario(c.minimal), s.violation, narrowed(target, s.violation), &c.violation);
    });
    // Two ways may shrink to the same state with the same property and run: one counterexample.
    std::vector<Counterexample> distinct;
    std::map<std::string, int> per_name;
    for (auto& c : result.counterexamples) {
        bool dup = std::any_of(distinct.begin(), distinct.end(), [&](auto& d) {
            return d.minimal == c.minimal && d.violation.property == c.violation.property && d.violation.run == c.violation.run &&
                   d.violation.signature == c.violation.signature;
        });
        if (dup) continue;
        std::string base = fmt::format("explore-{}-{}", property_word(c.violation.property), c.violation.run);
        c.id = fmt::format("{}-{}", base, ++per_name[base]);
        c.scenario = counterexample_scenario(c, target);
        distinct.push_back(std::move(c));
    }
    result.counterexamples = std::move(distinct);
    return result;
}

std::string explore_summary(const ExploreResult& r, const ExploreOptions& options, const std::string& target_text,
                            const std::string& out_dir) {
    std::string out = fmt::format("cusim explore: {} states from seed {}, {}\n", r.states, options.seed, target_text);
    out += fmt::format("baseline CU: {} fail, {} partial, {} succeed (the fixes run on the {} that do not succeed)\n",
                       r.baselines[size_t(Outcome::fails)], r.baselines[size_t(Outcome::partial)],
                       r.baselines[size_t(Outcome::succeeds)],
                       r.baselines[size_t(Outcome::fails)] + r.baselines[size_t(Outcome::partial)] +
                           r.baselines[size_t(Outcome::invalid)]);
    out += "states that broke a property:\n";
    for (int p = 0; p < int(Property::count); ++p) {
        if (Property(p) == Property::coverage && r.failing[size_t(p)] == 0 && target_text.find("tool") == std::string::npos)
            continue;
        out += fmt::format("  {:<24} {}\n", property_title(Property(p)), r.failing[size_t(p)]);
    }
    out += fmt::format("distinct minimal counterexamples: {}\n", r.counterexamples.size());
    for (size_t i = 0; i < r.counterexamples.size(); ++i) {
        const Counterexample& c = r.counterexamples[i];
        out += fmt::format("{:>3}. {}, {}: {}\n", i + 1, property_title(c.violation.property), c.violation.run, c.violation.detail);
        out += fmt::format("     first at state {}, in {} states; {} faults shrunk to {}: {}\n", c.first_state, c.states,
                           c.original.faults.size(), c.minimal.faults.size(), describe_genome(c.minimal));
        if (!out_dir.empty()) out += fmt::format("     {}/{}.json\n", out_dir, c.id);
    }
    return out;
}

}  // namespace cusim
