#pragma once
// Planted: a file directly in sim/, outside every layer folder.
