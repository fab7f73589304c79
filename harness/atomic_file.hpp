#pragma once
#include <string>

namespace cusim {

// Writes a file so that readers see the old file or the whole new one, never a part:
// the text goes to a temporary file beside it, which is then renamed over it.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace cusim
