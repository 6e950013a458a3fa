// The command line: shoji [options] [-- command [args...]]
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "server.hpp"

namespace shoji {

struct Options {
    ServerConfig server;
    std::string socket;              // --socket NAME ("" = first free wayland-N)
    std::string screenshot;          // --screenshot PATH
    std::optional<double> timeout;   // --timeout SECONDS
    bool verbose = false;            // -v, --verbose
    bool help = false, version = false;
    std::vector<std::string> command; // after --
};

// Parses argv. On a bad option or value returns nullopt and sets `error` to a
// one-line message naming it.
std::optional<Options> parse_options(int argc, const char* const* argv, std::string* error);

extern const char* const kUsage;

} // namespace shoji
