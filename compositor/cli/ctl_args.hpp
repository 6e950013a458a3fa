// `shoji ctl` command lines: parsed into one control-protocol request.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace shoji {

struct CtlInvocation {
    bool help = false;
    std::string socket;        // --socket NAME ("": from the environment)
    std::string command;       // as typed: "windows", "wait window", ...
    std::string request;       // the JSON request line, without its '\n'
    bool json_output = false;  // windows --json
    bool prints_window_id = false; // wait window
    // How long to wait for the reply before giving up on the compositor:
    // the request's own timeout plus a margin, for waits.
    int reply_deadline_ms = 0;
};

// The default --timeout of the waits, in seconds: a CI job that waits for a
// window that never comes fails instead of hanging.
constexpr double kCtlDefaultTimeoutS = 30;

// Parses the arguments after "ctl". `cwd` makes a relative screenshot path
// absolute (the compositor's working directory is not ours). nullopt and a
// one-line `error` on bad usage.
std::optional<CtlInvocation> parse_ctl_args(const std::vector<std::string>& args, const std::string& cwd,
                                            std::string* error);

extern const char* const kCtlUsage;

} // namespace shoji
