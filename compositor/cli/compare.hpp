// shoji compare EXPECTED.png ACTUAL.png [--tolerance N] [--max-pixels P] [--diff DIFF.png]
//
// A golden-image check for CI: exit 0 if every channel (R, G, B, A, as the
// files store them) of every pixel is within N of the reference, except at
// most P pixels; 1 if not, or if the sizes differ (what differs is printed);
// 2 if a file cannot be read or written, or for bad usage. --diff writes
// ACTUAL dimmed to grey with the differing pixels in red, for a person to see
// at a glance where they are.
#pragma once

#include <cstdint>
#include <string>

#include "util/png.hpp"

namespace shoji {

struct Difference {
    uint64_t pixels = 0; // pixels with a channel more than the tolerance off
    int largest = 0;     // the largest channel difference, over all pixels
    // The bounding box of those pixels (empty if none).
    int x = 0, y = 0, width = 0, height = 0;
};

// a and b must be the same size.
Difference compare_images(const RgbaImage& a, const RgbaImage& b, int tolerance);
// `actual` dimmed, with the pixels that differ from `expected` by more than
// `tolerance` in kDiffColour.
RgbaImage diff_image(const RgbaImage& expected, const RgbaImage& actual, int tolerance);
constexpr uint8_t kDiffColour[4] = {255, 0, 0, 255};

// argv[0] is "compare". Returns the exit status.
int run_compare(int argc, const char* const* argv);

extern const char* const kCompareUsage;

} // namespace shoji
