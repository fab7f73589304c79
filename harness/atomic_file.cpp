#include "harness/atomic_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/core/input_error.hpp"

namespace cusim {

void write_file_atomically(const std::string& path, const std::string& content) {
    namespace fs = std::filesystem;
    fs::path target(path);
    if (target.has_parent_path()) fs::create_directories(target.parent_path());
    fs::path tmp = target;
    tmp += ".tmp-" + std::to_string(getpid());
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << content;
        out.flush();
        if (!out) {
            std::error_code ec;
            fs::remove(tmp, ec);
            throw InputError(path, "cannot write the file");
        }
    }
    std::error_code ec;
    fs::rename(tmp, target, ec);
    if (ec) {
        fs::remove(tmp, ec);
        throw InputError(path, "cannot replace the file: " + ec.message());
    }
}

}  // namespace cusim
