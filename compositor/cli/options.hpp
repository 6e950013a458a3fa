// The command line: shoji [options] [-- command [args...]]
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "server.hpp"

namespace shoji {

struct Options {
    ServerConfig server;
    std::string socket;              // --socket NAME ("" = first free wayland-N)
    std::string screenshot;          // --screenshot PATH
    std::string screenshot_output;   // --screenshot-output NAME ("": the whole layout)
    std::string events;              // --events FILE (JSON lines)
    std::optional<std::string> trace; // --trace[=FILE] ("": stderr)
    std::string damage_frames;       // --damage-frames DIR (one PNG per output frame)
    bool allow_empty = false;        // --allow-empty
    std::optional<double> timeout;   // --timeout SECONDS
    std::optional<uint32_t> until_idle_ms; // --until idle[=MS]
    std::optional<int> ready_fd;     // --ready-fd N
    bool xwayland = false;           // --xwayland
    bool verbose = false;            // -v, --verbose
    bool help = false, version = false;
    std::vector<std::string> command; // after --
};

// Parses argv. On a bad option or value returns nullopt and sets `error` to a
// one-line message naming it.
std::optional<Options> parse_options(int argc, const char* const* argv, std::string* error);

// --help: the options (from the table parse_options reads), the exit
// statuses, and `shoji compare`.
std::string usage();

// --until idle without =MS.
constexpr uint32_t kDefaultIdleMs = 250;

} // namespace shoji
