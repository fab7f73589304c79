#pragma once
// One error type for unusable input (style.md, "fmt: one choke point for errors"):
// it names the file and, where there is one, the line or JSON pointer. main() turns it
// into exit code 2. Simulated Exchange failures are data, never this exception.
#include <stdexcept>
#include <string>

namespace cusim {

class InputError : public std::runtime_error {
public:
    InputError(std::string file, std::string location, std::string message)
        : std::runtime_error(compose(file, location, message)),
          file_(std::move(file)), location_(std::move(location)), message_(std::move(message)) {}
    InputError(std::string file, std::string message) : InputError(std::move(file), "", std::move(message)) {}

    const std::string& file() const { return file_; }
    const std::string& location() const { return location_; }
    const std::string& message() const { return message_; }

private:
    static std::string compose(const std::string& file, const std::string& location, const std::string& message) {
        std::string s = file;
        if (!location.empty()) s += ":" + location;
        if (!s.empty()) s += ": ";
        return s + message;
    }
    std::string file_, location_, message_;
};

}  // namespace cusim
