// shoji: a minimal Wayland compositor for shm clients. See README.md.
#include <cstdio>
#include <string>

#include <pixman.h>
#include <wayland-version.h>
#include <wlr/version.h>

#include "cli/compare.hpp"
#include "cli/ctl.hpp"
#include "cli/exit_status.hpp"
#include "cli/options.hpp"
#include "cli/session.hpp"

int main(int argc, char** argv) {
    if (argc > 1 && std::string(argv[1]) == "compare") return shoji::run_compare(argc - 1, argv + 1);
    // `shoji ctl ...` drives a running session; it has its own arguments.
    if (argc > 1 && std::string(argv[1]) == "ctl") return shoji::run_ctl(argc, argv);
    std::string error;
    const auto options = shoji::parse_options(argc, argv, &error);
    if (!options) {
        std::fprintf(stderr, "shoji: %s\n", error.c_str());
        return shoji::kExitUsage;
    }
    if (options->help) {
        std::fputs(shoji::usage().c_str(), stdout);
        return 0;
    }
    if (options->version) {
        // The versions of the headers Shoji was compiled against: what a bug
        // report needs (the run-time libraries are the same ABI, Debian 12's).
        std::printf("shoji %s\nbuilt with wlroots %s, libwayland %s, pixman %s\n", SHOJI_VERSION, WLR_VERSION_STR,
                    WAYLAND_VERSION, PIXMAN_VERSION_STRING);
        return 0;
    }
    return shoji::run_session(*options);
}
