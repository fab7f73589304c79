#pragma once
// Planted: a low layer that reaches up. The layering check must report line 4.
#include <string>
  #  include "sim/high/top.hpp"  // spaced as the preprocessor allows
