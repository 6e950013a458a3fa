// Output scales in 120ths: the unit wp_fractional_scale_v1.preferred_scale
// speaks in ("the numerator of a fraction with a denominator of 120"), so a
// scale is exact everywhere it goes. 120 is 1, 150 is 1.25, 240 is 2.
#pragma once

#include <cstdint>
#include <string>

namespace shoji {

constexpr int32_t kScaleUnit = 120;

// v × scale / 120, in 64 bits, rounded down, up or to the nearest (halves up:
// an edge exactly between two pixels goes to the right or lower one, so two
// surfaces meeting there neither overlap nor leave a gap).
inline int64_t scale_floor(int64_t v, int32_t scale120) {
    const int64_t n = v * scale120;
    return n >= 0 ? n / kScaleUnit : -((-n + kScaleUnit - 1) / kScaleUnit);
}
inline int64_t scale_ceil(int64_t v, int32_t scale120) { return -scale_floor(-v, scale120); }
inline int64_t scale_round(int64_t v, int32_t scale120) {
    const int64_t n = v * scale120 * 2 + kScaleUnit;
    const int64_t d = 2 * kScaleUnit;
    return n >= 0 ? n / d : -((-n + d - 1) / d);
}

// wl_output.scale: the scale rounded up to a whole number (a client drawing
// at it has at least as many pixels as the output shows).
inline int32_t integer_scale(int32_t scale120) { return (scale120 + kScaleUnit - 1) / kScaleUnit; }

// "2", "1.25", "1.3333" (at most four decimals: parse_output_scale reads it
// back as the same 120th).
std::string format_scale(int32_t scale120);

} // namespace shoji
