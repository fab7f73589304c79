// Allowed: its own layer and the one below it.
#include "sim/side/middle.hpp"
#include "sim/low/base.hpp"
// Planted: the harness is above every sim/ layer (line 5).
#include "harness/main.hpp"
