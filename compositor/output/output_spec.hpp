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
// Sizes (each side, in pixels), integer scales and refresh rates, as
// `--size`, `--scale` and `--refresh` take them.
constexpr int32_t kMaxOutputSide = 16384;
constexpr int32_t kMaxOutputScale = 8;
constexpr int32_t kMaxOutputRefreshHz = 1000;

// Parses a spec. nullopt and `error` = what is wrong, naming the bad part
// ("scale=1.5: fractional scales are not supported yet ...").
std::optional<OutputConfig> parse_output_spec(const std::string& spec, std::string* error);

// Pieces the spec, `ctl output set` and wlr-randr's requests share: each
// returns false and sets `error` naming the value.
bool parse_output_size(const std::string& text, int32_t* width, int32_t* height, std::string* error);
bool parse_output_scale(const std::string& text, int32_t* scale, std::string* error);
bool parse_output_position(const std::string& text, int32_t* x, int32_t* y, std::string* error);
// A name Shoji may give an output: 1 to kMaxOutputNameBytes of letters,
// digits, '-', '_' and '.', not starting with "HEADLESS-" (wlroots' own
// names: a later unnamed output could be given the same one).
bool valid_output_name(const std::string& name, std::string* error);
// The mode must be a whole number of logical pixels (wl_output.scale).
bool check_size_and_scale(int32_t width, int32_t height, int32_t scale, std::string* error);

} // namespace shoji
