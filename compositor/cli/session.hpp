// A shoji session: the compositor, an optional command run as its client,
// the timeout, and the screenshot. Returns the process exit status.
#pragma once

#include "cli/options.hpp"

namespace shoji {

int run_session(const Options& options);

} // namespace shoji
