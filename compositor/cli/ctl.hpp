// `shoji ctl ...`: a client of a running session's control socket. The
// same executable as the compositor; main() hands it argv when argv[1] is
// "ctl", before any compositor option is parsed.
#pragma once

#include <string>

namespace shoji {

// Returns the exit status: 0 done, 1 failed or timed out, 2 bad usage.
int run_ctl(int argc, const char* const* argv);

// The control socket to use: that of --socket NAME, else $SHOJI_CTL, else
// that of $WAYLAND_DISPLAY. "" and `error` if there is none to try.
std::string find_control_socket(const std::string& socket_name, std::string* error);

} // namespace shoji
