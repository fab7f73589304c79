#pragma once
// SHA-256 through OpenSSL, fed a piece at a time: a report file is hashed as it is written (its
// line in reports.sha256), not read back. No OpenSSL type leaves this module.
#include <cstddef>
#include <memory>
#include <string>

namespace cusim {

class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void update(const void* data, size_t size);
    // The digest as sha256sum prints it (64 lower-case hex digits). Ends the hashing: call once.
    std::string hex();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The SHA-256 of a whole text, lower-case hex.
std::string sha256_hex(const std::string& data);

}  // namespace cusim
