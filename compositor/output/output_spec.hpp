// Output specs: `WxH[@HZ][,scale=S][,name=NAME][,at=X:Y]`, as `--output`
// and `shoji ctl output add` take them, and the limits they are checked
// against (docs/security.md lists them).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "output/output.hpp"

namespace shoji {

// Outputs a session may have at once. Each one is a full frame buffer (up
// to 16384×16384 pixels), a wl_output global and an xdg-output per client:
// more than a test could want, few enough that a script gone wrong cannot
// take the machine's memory. Past it, `--output` is a usage error and `ctl
// output add` fails naming the limit.
constexpr size_t kMaxOutputs = 16;
// An output name's length: it goes into wl_output.name, xdg-output and the
// control protocol's replies. Longer names are refused.
constexpr size_t kMaxOutputNameBytes = 63;
// Positions (`at=X:Y`, `--at`), each coordinate: the layout stays well
// within 32-bit arithmetic with 16384-pixel outputs beside it.
constexpr int32_t kMaxOutputPosition = 1 << 20;
// Sizes (each side, in pixels), scales and refresh rates, as `--size`,
// `--scale` and `--refresh` take them. A scale is from 1 to
// kMaxOutputScale, fractional ones included, rounded to the nearest 1/120
// (wp_fractional_scale_v1's unit; 1.33 is 160/120); past the range, the
// option or request is refused naming the value.
constexpr int32_t kMaxOutputSide = 16384;
constexpr int32_t kMaxOutputScale = 8;
constexpr int32_t kMaxOutputRefreshHz = 1000;

// Parses a spec. nullopt and `error` = what is wrong, naming the bad part
// ("scale '9': expected a number from 1 to 8 ...").
std::optional<OutputConfig> parse_output_spec(const std::string& spec, std::string* error);

// Pieces the spec, `ctl output set` and wlr-randr's requests share: each
// returns false and sets `error` naming the value.
bool parse_output_size(const std::string& text, int32_t* width, int32_t* height, std::string* error);
// A scale: in 120ths (util/scale.hpp), "1.25" is 150.
bool parse_output_scale(const std::string& text, int32_t* scale120, std::string* error);
// The same rounding and range for a number (the control protocol's, a
// wl_fixed_t's); false if out of range or not finite.
bool scale120_from_double(double scale, int32_t* scale120);
bool parse_output_position(const std::string& text, int32_t* x, int32_t* y, std::string* error);
// A refresh rate: an integer from 1 to kMaxOutputRefreshHz (Hz).
bool parse_output_refresh(const std::string& text, int32_t* hz, std::string* error);
// A name Shoji may give an output: 1 to kMaxOutputNameBytes of letters,
// digits, '-', '_' and '.', not starting with "HEADLESS-" (wlroots' own
// names: a later unnamed output could be given the same one).
bool valid_output_name(const std::string& name, std::string* error);
// The mode must be a whole number of logical pixels: pixels × 120 / scale120
// whole on both sides (1000x800 at 1.25 is 800x640; 1001x800 is refused),
// so the logical size is exact, never rounded.
bool check_size_and_scale(int32_t width, int32_t height, int32_t scale120, std::string* error);

} // namespace shoji
