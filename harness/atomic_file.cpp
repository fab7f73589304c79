#include "harness/atomic_file.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ext/stdio_filebuf.h>
#include <filesystem>
#include <istream>
#include <ostream>
#include <random>
#include <streambuf>

#include "sim/core/input_error.hpp"
#include "sim/x509/digest.hpp"

namespace cusim {

namespace fs = std::filesystem;

namespace {

// TEST ONLY: CUSIM_TEST_CRASH_AFTER=N ends the process with _exit(86) right after the writer's
// N-th step (remove stale temporaries, create a temporary, write it, fsync it, remove the old
// manifest, fsync the folder, rename, ... in the order commit() takes them), as a kill at that
// moment would: no destructor runs, nothing is flushed. tests/atomic_reports_test.cpp kills a
// run at every step and checks what a reader of the folder then sees. Read once; unset, or not
// a positive number, it does nothing.
void step() {
    static const long crash_after = [] {
        const char* v = std::getenv("CUSIM_TEST_CRASH_AFTER");
        return v ? std::strtol(v, nullptr, 10) : 0L;
    }();
    static long steps = 0;  // the writers run on the main thread only
    if (crash_after > 0 && ++steps == crash_after) _exit(86);
}

constexpr const char* temp_prefix = ".cusim-tmp-";
constexpr size_t temp_random = 12;

// A temporary's name: the prefix, 12 random letters and digits (62^12: a name planted in advance
// is never the one chosen), a dot and the target's name, cut so the whole stays short.
std::string temporary_name(const std::string& target) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    static std::random_device random;
    std::string name = temp_prefix;
    for (size_t i = 0; i < temp_random; ++i) name += alphabet[random() % 62];
    return name + "." + target.substr(0, 100);
}

// Only names of exactly the shape temporary_name makes: nothing else in a folder is removed.
bool is_temporary_name(const std::string& name) {
    size_t p = std::strlen(temp_prefix);
    if (name.size() < p + temp_random + 2 || name.compare(0, p, temp_prefix) != 0 || name[p + temp_random] != '.')
        return false;
    for (size_t i = p; i < p + temp_random; ++i)
        if (!std::isalnum(static_cast<unsigned char>(name[i]))) return false;
    return true;
}

std::string error_text(int err) { return std::strerror(err); }

// Exclusive: O_EXCL fails on any existing name, a symlink included (never followed), so the file
// opened is always one this process made. Mode 0666 less the umask, as std::ofstream made them.
int create_exclusive(int folder, const std::string& name, int access = O_WRONLY) {
    return openat(folder, name.c_str(), access | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
}

}  // namespace

// Named (not anonymous) because AtomicFileSet::Impl holds them.
namespace atomic_files {

// An output buffer over a file descriptor that hashes what it writes (the manifest's line).
class HashingFileBuf : public std::streambuf {
public:
    explicit HashingFileBuf(int fd) : fd_(fd), buffer_(1 << 16) { setp(buffer_.data(), buffer_.data() + buffer_.size()); }
    int error() const { return error_; }
    std::string hex() { return hash_.hex(); }

protected:
    int_type overflow(int_type c) override {
        if (drain() != 0) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain(); }

private:
    int drain() {
        const char* p = pbase();
        size_t left = size_t(pptr() - pbase());
        hash_.update(p, left);
        while (left > 0 && error_ == 0) {
            ssize_t n = ::write(fd_, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                error_ = n < 0 ? errno : EIO;
            } else {
                p += n;
                left -= size_t(n);
            }
        }
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return error_ == 0 ? 0 : -1;
    }
    int fd_;
    std::vector<char> buffer_;
    Sha256 hash_;
    int error_ = 0;
};

struct Temporary {
    std::string target;  // the name in the folder
    std::string name;    // the temporary's name; "" once renamed or removed
    int fd = -1;
    std::unique_ptr<HashingFileBuf> buf;
    std::unique_ptr<std::ostream> out;
};

}  // namespace atomic_files

using atomic_files::HashingFileBuf;
using atomic_files::Temporary;

struct AtomicFileSet::Impl {
    std::string dir;  // as given, for messages
    std::string manifest;
    int folder = -1;
    std::vector<Temporary> files;
    std::unique_ptr<__gnu_cxx::stdio_filebuf<char>> spool_buf;
    std::unique_ptr<std::iostream> spool;

    // Whatever was not committed is removed; closing the folder releases the lock.
    ~Impl() {
        spool.reset();
        spool_buf.reset();  // closes the spool's descriptor
        for (auto& t : files) discard(t);
        if (folder >= 0) ::close(folder);
    }

    std::string shown(const std::string& name) const { return dir.empty() ? name : (fs::path(dir) / name).string(); }

    [[noreturn]] void fail(const std::string& name, const std::string& what, int err) const {
        throw InputError(shown(name), what + ": " + error_text(err));
    }

    void open_folder(const std::string& first) {
        fs::path d = dir.empty() ? fs::path(".") : fs::path(dir);
        // `--report-dir README.md`: the folder to write into is a file (or cannot be made).
        std::error_code ec;
        if (!dir.empty()) fs::create_directories(d, ec);
        if (ec || !fs::is_directory(d))
            throw InputError(d.string(), "cannot write " + first + " into it: " + (ec ? ec.message() : std::string("not a folder")));
        folder = ::open(d.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (folder < 0) throw InputError(d.string(), "cannot write " + first + " into it: " + error_text(errno));
        // Writers of one folder take turns: the removal below must not take a live writer's file.
        while (flock(folder, LOCK_EX) != 0)
            if (errno != EINTR) throw InputError(d.string(), "cannot lock the folder: " + error_text(errno));
    }

    // What a killed writer left: names of the temporaries' shape only. unlinkat removes a
    // symlink itself, never what it points to.
    void remove_stale_temporaries() {
        int listing = openat(folder, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        DIR* d = listing < 0 ? nullptr : fdopendir(listing);
        if (!d) {
            if (listing >= 0) ::close(listing);
            return;  // an unreadable listing hides nothing a reader would take for a report
        }
        std::vector<std::string> stale;
        while (dirent* e = readdir(d))
            if (is_temporary_name(e->d_name)) stale.push_back(e->d_name);
        closedir(d);
        for (auto& name : stale) unlinkat(folder, name.c_str(), 0);
        step();
    }

    // A fresh temporary for `target`; a name that exists (planted or left) is skipped, never opened.
    int create_fd(const std::string& target, std::string& name, int access) {
        for (int attempt = 0; attempt < 100; ++attempt) {
            name = temporary_name(target);
            int fd = create_exclusive(folder, name, access);
            if (fd >= 0) return fd;
            if (errno != EEXIST) fail(target, "cannot create a temporary file beside it", errno);
        }
        fail(target, "cannot create a temporary file beside it", EEXIST);
    }

    Temporary create(const std::string& target) {
        // A device, a pipe or a folder at the target (or behind a link there) is not a file to
        // replace: `-o /dev/null` as root once became a regular file where the device was.
        struct stat st {};
        if (fstatat(folder, target.c_str(), &st, 0) == 0 && !S_ISREG(st.st_mode))
            throw InputError(shown(target), "is not a regular file (a device, a pipe or a folder): cusim writes files, "
                                            "and replaces only files");
        Temporary t;
        t.target = target;
        t.fd = create_fd(target, t.name, O_WRONLY);
        step();
        t.buf = std::make_unique<HashingFileBuf>(t.fd);
        t.out = std::make_unique<std::ostream>(t.buf.get());
        return t;
    }

    // Written and on the disk: flush, then fsync (a rename must never publish a file whose data a
    // power loss could still take).
    void finish(Temporary& t) {
        t.out->flush();
        if (t.buf->error() || !*t.out) fail(t.target, "cannot write the file", t.buf->error() ? t.buf->error() : EIO);
        step();
        if (fsync(t.fd) != 0) fail(t.target, "cannot write the file", errno);
        step();
    }

    void publish(Temporary& t) {
        if (renameat(folder, t.name.c_str(), folder, t.target.c_str()) != 0) fail(t.target, "cannot replace the file", errno);
        t.name.clear();
        step();
    }

    void sync_folder() {
        // Some file systems cannot fsync a folder (EINVAL); the renames stand, only less durably.
        if (fsync(folder) != 0 && errno != EINVAL)
            throw InputError(dir.empty() ? "." : dir, "cannot sync the folder: " + error_text(errno));
        step();
    }

    void discard(Temporary& t) {
        t.out.reset();
        t.buf.reset();
        if (t.fd >= 0) ::close(t.fd);
        t.fd = -1;
        if (!t.name.empty()) unlinkat(folder, t.name.c_str(), 0);
        t.name.clear();
    }

    void commit() {
        for (auto& t : files) finish(t);
        if (!manifest.empty()) {
            // From here until the new manifest is in place, the folder holds no manifest: a reader
            // (or a kill) in between sees a set that does not check, never a mixed one that does.
            if (unlinkat(folder, manifest.c_str(), 0) != 0 && errno != ENOENT) fail(manifest, "cannot remove the old manifest", errno);
            step();
            sync_folder();
        }
        for (auto& t : files) publish(t);
        if (!manifest.empty()) {
            std::string lines;
            for (auto& t : files) lines += t.buf->hex() + "  " + t.target + "\n";  // sha256sum's text format
            Temporary m = create(manifest);
            files.push_back(std::move(m));
            Temporary& mt = files.back();
            *mt.out << lines;
            finish(mt);
            publish(mt);
        }
        sync_folder();
        for (auto& t : files) discard(t);
    }
};

AtomicFileSet::AtomicFileSet(const std::string& dir, const std::vector<std::string>& names, const std::string& manifest)
    : impl_(std::make_unique<Impl>()) {
    impl_->dir = dir;
    impl_->manifest = manifest;
    impl_->open_folder(names.empty() ? manifest : names.front());
    impl_->remove_stale_temporaries();
    for (auto& n : names) impl_->files.push_back(impl_->create(n));
}

AtomicFileSet::~AtomicFileSet() = default;

std::ostream& AtomicFileSet::stream(size_t i) { return *impl_->files.at(i).out; }

std::iostream& AtomicFileSet::spool() {
    if (impl_->spool) return *impl_->spool;
    int fd = openat(impl_->folder, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
    if (fd < 0) {
        // A file system without O_TMPFILE: a temporary of ours, removed as soon as it is open.
        std::string name;
        fd = impl_->create_fd("spool", name, O_RDWR);
        unlinkat(impl_->folder, name.c_str(), 0);
    }
    impl_->spool_buf = std::make_unique<__gnu_cxx::stdio_filebuf<char>>(fd, std::ios::in | std::ios::out | std::ios::binary, 1 << 16);
    impl_->spool = std::make_unique<std::iostream>(impl_->spool_buf.get());
    return *impl_->spool;
}

void AtomicFileSet::commit() { impl_->commit(); }

void write_file_atomically(const std::string& path, const std::string& content) {
    fs::path p(path);
    std::string name = p.filename().string();
    if (name.empty() || name == "." || name == "..") throw InputError(path, "is not a file name");
    AtomicFileSet file(p.parent_path().string(), {name}, "");
    file.stream(0) << content;
    file.commit();
}

}  // namespace cusim
