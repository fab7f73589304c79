#pragma once
// What `cusim review` prints: the reviewed run, its failure, SetupLogReviewer's known issue in its
// own words, and the fixes verified on the implied server; or the same as JSON (--json).
#include <string>

#include "sim/review/log_review.hpp"

namespace cusim {

std::string review_text(const LogReview& review);
std::string review_json(const LogReview& review);

}  // namespace cusim
