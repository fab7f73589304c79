#pragma once
// A process-wide memo for pure functions of inputs that do not change while cusim runs:
// making a certificate from a spec (RSA PKCS#1 v1.5 signatures are deterministic), parsing
// a key, a certificate file or a PFX, canonicalising an input folder. The same inputs give
// the same result, so a cached value is the value itself; certificates and keys are
// immutable and shared, so handing out the cached object is what a fresh one would be.
// Thread-safe: `cusim run --jobs` loads and runs scenarios on several threads. Entries stay
// for the life of the process (distinct inputs are few: the bundled corpus has 35 distinct
// described certificates; a fleet's certificates by DER are as many as the fleet has, each
// keyed by its SHA-256 and shared by every server that holds it).
#include <mutex>
#include <string>
#include <unordered_map>

namespace cusim {

template <typename Value>
class Memo {
public:
    // `make` runs outside the lock; two threads that miss the same key at once each make
    // the value, and both values are identical, so either may stay.
    template <typename Make>
    Value get(const std::string& key, Make&& make) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (auto it = map_.find(key); it != map_.end()) return it->second;
        }
        Value value = make();
        std::lock_guard<std::mutex> lock(mutex_);
        return map_.emplace(key, std::move(value)).first->second;
    }

private:
    std::mutex mutex_;
    std::unordered_map<std::string, Value> map_;
};

}  // namespace cusim
