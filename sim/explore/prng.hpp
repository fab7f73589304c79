#pragma once
// The explorer's random numbers, written out: splitmix64 to seed, xoshiro256** to draw
// (Blackman and Vigna, https://prng.di.unimi.it/). std::uniform_int_distribution and friends
// are not used: their output differs between standard libraries, and a state must be the same
// state from its seed on every build.
#include <cstdint>

namespace cusim {

// One step of splitmix64: also how a state's own seed is made from the run's seed and its index.
inline std::uint64_t splitmix64(std::uint64_t& s) {
    std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

class Xoshiro256 {
public:
    explicit Xoshiro256(std::uint64_t seed) {
        for (auto& w : s_) w = splitmix64(seed);
    }
    std::uint64_t next() {
        std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    // 0 <= r < n, by the high 32 bits times n (Lemire's multiply-shift without the rejection
    // step: a bias below 2^-32 per draw, and no loop whose length depends on the draws).
    std::uint32_t below(std::uint32_t n) { return std::uint32_t(((next() >> 32) * std::uint64_t(n)) >> 32); }
    bool coin() { return (next() >> 63) != 0; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

}  // namespace cusim
