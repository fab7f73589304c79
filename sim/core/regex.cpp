#include "sim/core/regex.hpp"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <fmt/format.h>

namespace cusim {
namespace {

// The bounds of one match. A step is one backtracking move: a million is a few milliseconds on
// this kind of machine and far more than any pattern a recovery script uses needs on a
// certificate's subject or a log line; the depth and heap limits bound the backtracking state.
constexpr uint32_t match_step_limit = 1'000'000;
constexpr uint32_t match_depth_limit = 10'000;
constexpr uint32_t match_heap_limit_kib = 16 * 1024;

std::string pcre2_message(int code) {
    PCRE2_UCHAR buffer[256];
    int n = pcre2_get_error_message(code, buffer, sizeof buffer);
    return n < 0 ? fmt::format("PCRE2 error {}", code) : std::string(reinterpret_cast<char*>(buffer), size_t(n));
}

struct MatchData {
    pcre2_match_data* data;
    explicit MatchData(const pcre2_code* code) : data(pcre2_match_data_create_from_pattern(code, nullptr)) {
        if (!data) throw std::bad_alloc();
    }
    ~MatchData() { pcre2_match_data_free(data); }
    MatchData(const MatchData&) = delete;
    MatchData& operator=(const MatchData&) = delete;
};

}  // namespace

struct Regex::Impl {
    std::string pattern;
    pcre2_code* code = nullptr;
    pcre2_match_context* context = nullptr;
    ~Impl() {
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
};

Regex::Regex(std::string_view pattern, unsigned flags) : impl_(std::make_unique<Impl>()) {
    impl_->pattern = std::string(pattern);
    uint32_t options = PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_UCP;
    if (flags & icase) options |= PCRE2_CASELESS;
    if (flags & dotall) options |= PCRE2_DOTALL;
    int error = 0;
    PCRE2_SIZE offset = 0;
    impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), options, &error, &offset,
                                nullptr);
    if (!impl_->code) throw RegexSyntaxError(pcre2_message(error), size_t(offset));
    impl_->context = pcre2_match_context_create(nullptr);
    if (!impl_->context) throw std::bad_alloc();
    pcre2_set_match_limit(impl_->context, match_step_limit);
    pcre2_set_depth_limit(impl_->context, match_depth_limit);
    pcre2_set_heap_limit(impl_->context, match_heap_limit_kib);
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

const std::string& Regex::pattern() const { return impl_->pattern; }

bool Regex::run(std::string_view text, size_t start, unsigned options, RegexMatch* m) const {
    // Match data per call: a compiled pattern is shared by the threads of `cusim run --jobs`,
    // match data is not.
    MatchData md(impl_->code);
    int rc = pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(), start, options, md.data,
                         impl_->context);
    if (rc == PCRE2_ERROR_NOMATCH) return false;
    if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
        throw RegexLimit(fmt::format("the regular expression '{}' needs too many steps on this text ({})",
                                     impl_->pattern, pcre2_message(rc)));
    if (rc < 0) throw RegexLimit(fmt::format("the regular expression '{}' cannot run: {}", impl_->pattern, pcre2_message(rc)));
    if (m) {
        uint32_t groups = 0;
        pcre2_pattern_info(impl_->code, PCRE2_INFO_CAPTURECOUNT, &groups);
        PCRE2_SIZE* ov = pcre2_get_ovector_pointer(md.data);
        m->groups_.assign(groups + 1, std::nullopt);
        for (uint32_t i = 0; i <= groups && i < uint32_t(rc); ++i)
            if (ov[2 * i] != PCRE2_UNSET) m->groups_[i] = std::string(text.substr(ov[2 * i], ov[2 * i + 1] - ov[2 * i]));
        m->position_ = ov[0];
    }
    return true;
}

bool Regex::full_match(std::string_view text, RegexMatch* m) const {
    return run(text, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED, m);
}

bool Regex::search(std::string_view text, RegexMatch* m, size_t start) const {
    if (start > text.size()) return false;
    return run(text, start, 0, m);
}

std::vector<RegexMatch> Regex::find_all(std::string_view text) const {
    std::vector<RegexMatch> all;
    size_t start = 0;
    RegexMatch m;
    while (start <= text.size() && search(text, &m, start)) {
        size_t end = m.position() + m.length();
        all.push_back(m);
        // An empty match moves on by one character (a UTF-8 sequence is never split).
        if (end == m.position()) {
            ++end;
            while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
        }
        start = end;
    }
    return all;
}

}  // namespace cusim
