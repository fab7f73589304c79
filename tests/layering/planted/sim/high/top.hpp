#pragma once
// Allowed: below it, two steps down (layers are transitive).
#include "sim/low/base.hpp"
// Planted: a header outside every layer folder (line 5).
#include "sim/loose.hpp"
