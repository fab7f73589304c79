#include "sim/core/safe_name.hpp"

#include <fmt/format.h>

namespace cusim {

const char* const safe_name_rule =
    "1 to 100 characters of a-z, 0-9, '.' and '-', starting with a letter or a digit, without '..'";

std::string unsafe_name_reason(std::string_view name) {
    if (name.empty()) return "it is empty";
    if (name.size() > max_name_length) return fmt::format("it is {} characters long", name.size());
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!alnum(name[0])) return fmt::format("it starts with '{}'", quoted_name(name.substr(0, 1)));
    for (char c : name)
        if (!alnum(c) && c != '.' && c != '-') return fmt::format("it holds '{}'", quoted_name(std::string_view(&c, 1)));
    if (name.find("..") != std::string_view::npos) return "it holds '..'";
    return "";
}

std::string quoted_name(std::string_view name) {
    std::string out;
    constexpr size_t shown = 40;
    for (char c : name.substr(0, shown)) {
        auto b = static_cast<unsigned char>(c);
        if (b >= 0x20 && b < 0x7F && c != '\\') out += c;
        else out += fmt::format("\\x{:02X}", b);
    }
    if (name.size() > shown) out += "...";
    return out;
}

}  // namespace cusim
