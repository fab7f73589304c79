#include "harness/atomic_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "sim/core/input_error.hpp"

namespace cusim {

namespace fs = std::filesystem;

namespace {
std::string temporary_beside(const std::string& path) {
    fs::path target(path);
    if (target.has_parent_path()) {
        // `--report-dir README.md`: the folder to write into is a file (or cannot be made).
        std::error_code ec;
        fs::create_directories(target.parent_path(), ec);
        if (ec || !fs::is_directory(target.parent_path()))
            throw InputError(target.parent_path().string(),
                             "cannot write " + target.filename().string() + " into it: " +
                                 (ec ? ec.message() : std::string("not a folder")));
    }
    fs::path tmp = target;
    tmp += ".tmp-" + std::to_string(getpid());
    return tmp.string();
}
}  // namespace

void write_file_atomically(const std::string& path, const std::string& content) {
    AtomicFileStream file(path);
    file.stream() << content;
    file.commit();
}

AtomicFileStream::AtomicFileStream(const std::string& path)
    : path_(path), tmp_(temporary_beside(path)), out_(tmp_, std::ios::binary | std::ios::trunc) {
    if (!out_) throw InputError(path, "cannot write the file");
}

AtomicFileStream::~AtomicFileStream() {
    if (committed_) return;
    out_.close();
    std::error_code ec;
    fs::remove(tmp_, ec);
}

void AtomicFileStream::commit() {
    out_.flush();
    bool written = bool(out_);
    out_.close();
    std::error_code ec;
    if (!written) {
        fs::remove(tmp_, ec);
        throw InputError(path_, "cannot write the file");
    }
    fs::rename(tmp_, path_, ec);
    if (ec) {
        fs::remove(tmp_, ec);
        throw InputError(path_, "cannot replace the file: " + ec.message());
    }
    committed_ = true;
}

SpoolFile::SpoolFile(const std::string& path) {
    std::string tmp = temporary_beside(path);
    io_.open(tmp, std::ios::in | std::ios::out | std::ios::binary | std::ios::trunc);
    std::error_code ec;
    fs::remove(tmp, ec);
    if (!io_) throw InputError(path, "cannot write a temporary file beside it");
}

}  // namespace cusim
