// The exit statuses of `shoji`: the table in usage() (--help) and the README.
// A Shoji failure wins over the command's status: a CI job must not pass
// because the command did when Shoji could not do its part.
#pragma once

namespace shoji {

constexpr int kExitUsage = 2;          // a bad command line (one line on stderr names it)
constexpr int kExitTimeout = 124;      // --timeout stopped the command (as timeout(1))
constexpr int kExitShojiFailed = 125;  // Shoji failed: one line on stderr says what and why
constexpr int kExitCannotRun = 126;    // the command exists but could not be run (as shells)
constexpr int kExitNotFound = 127;     // the command was not found (as shells)
constexpr int kExitSignalBase = 128;   // + N: signal N ended the command (as shells)

} // namespace shoji
