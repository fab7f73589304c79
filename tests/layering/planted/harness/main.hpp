#pragma once
#include "sim/high/top.hpp"
