#pragma once
#include <fstream>
#include <string>

namespace cusim {

// Writes a file so that readers see the old file or the whole new one, never a part:
// the text goes to a temporary file beside it, which is then renamed over it.
void write_file_atomically(const std::string& path, const std::string& content);

// The same for a file written a piece at a time: the pieces go to the temporary file, and
// commit() renames it over the target. Destroyed without commit(), it removes the temporary.
class AtomicFileStream {
public:
    explicit AtomicFileStream(const std::string& path);
    ~AtomicFileStream();
    AtomicFileStream(const AtomicFileStream&) = delete;
    AtomicFileStream& operator=(const AtomicFileStream&) = delete;
    std::ostream& stream() { return out_; }
    void commit();

private:
    std::string path_, tmp_;
    std::ofstream out_;
    bool committed_ = false;
};

// A read-write temporary file beside `path` for text that must wait (report.html's details wait
// for the end of the matrix): its name is removed as soon as it is open, so nothing is left
// behind whatever happens, and the text is not held in memory.
class SpoolFile {
public:
    explicit SpoolFile(const std::string& path);
    std::iostream& stream() { return io_; }

private:
    std::fstream io_;
};

}  // namespace cusim
