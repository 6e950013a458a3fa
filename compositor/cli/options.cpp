#include "cli/options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace shoji {

const char* const kUsage =
    "Usage: shoji [options] [-- command [args...]]\n"
    "       shoji compare EXPECTED.png ACTUAL.png [--tolerance N] [--max-pixels P] [--diff DIFF.png]\n"
    "       shoji ctl COMMAND [ARGS...]   drive a running session (see shoji ctl --help)\n"
    "\n"
    "A minimal Wayland compositor for shm clients. With a command, runs it with\n"
    "WAYLAND_DISPLAY set to Shoji's socket and exits with its exit status.\n"
    "Without one, prints WAYLAND_DISPLAY=<socket path> and SHOJI_CTL=<control\n"
    "socket path>, one per line, and serves until SIGINT or SIGTERM.\n"
    "\n"
    "Options:\n"
    "  --backend headless|wayland|x11|auto  where to show the output (default: headless)\n"
    "  --size WxH             output size in pixels (default: 1280x720)\n"
    "  --scale N              output scale, 1 to 8 (default: 1)\n"
    "  --refresh HZ           output refresh rate, 1 to 1000 (default: 60)\n"
    "  --socket NAME          socket name (default: the first free wayland-N)\n"
    "  --screenshot PATH      write a PNG of the output when the session ends (the\n"
    "                         command exits, --until, --timeout, or SIGINT/SIGTERM\n"
    "                         without a command); exit 125 if no window was mapped\n"
    "  --allow-empty          with --screenshot: write the background if no window was\n"
    "                         mapped, and do not fail\n"
    "  --until idle[=MS]      end the session once a window is mapped and nothing has\n"
    "                         committed for MS ms (default 250), all of it shown; the\n"
    "                         command gets SIGTERM (SIGKILL after 2 s), Shoji exits 0\n"
    "  --timeout SECONDS      stop the command after SECONDS and exit with 124\n"
    "  --xwayland             start Xwayland (rootful: the X screen is one window) before\n"
    "                         the command, which gets DISPLAY; stop it at the end\n"
    "  --ready-fd N           write the WAYLAND_DISPLAY= and SHOJI_CTL= lines (and\n"
    "                         DISPLAY= with --xwayland) to file descriptor N (3 or\n"
    "                         more), then close it, once the socket accepts clients\n"
    "  -v, --verbose          log the protocol errors Shoji sends, and wlroots debug output\n"
    "  -h, --help             show this help\n"
    "  --version              show the version\n"
    "\n"
    "Exit status:\n"
    "  N        the command exited with N\n"
    "  0        --until was reached (or no command, and SIGINT/SIGTERM)\n"
    "  124      --timeout stopped the command\n"
    "  125      Shoji itself failed (cannot write the screenshot, no window to\n"
    "           capture, cannot make its socket, Xwayland did not start, ...): one line on stderr says\n"
    "           what and why; this wins over the command's status\n"
    "  126      the command could not be run\n"
    "  127      the command was not found\n"
    "  128+N    signal N ended the command\n"
    "  2        bad usage\n"
    "When the session ends, whatever is left of the command (its process group,\n"
    "and processes it started that left the group) gets SIGTERM, then SIGKILL\n"
    "after 2 s.\n"
    "\n"
    "shoji compare: exit 0 if every channel of every pixel is within --tolerance N\n"
    "(default 0) but for at most --max-pixels P pixels (default 0); 1 if not, or\n"
    "if the sizes differ (printing what differs); 2 if a file cannot be read or\n"
    "for bad usage. --diff writes ACTUAL dimmed with the differing pixels in red.\n"
    "\n"
    "shoji ctl: exit 0 done, 1 the command failed or timed out, 2 bad usage.\n";

namespace {
bool parse_int(const std::string& s, long min, long max, long* out) {
    if (s.empty()) return false;
    errno = 0;
    char* end = nullptr;
    long v = std::strtol(s.c_str(), &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}
} // namespace

std::optional<Options> parse_options(int argc, const char* const* argv, std::string* error) {
    Options o;
    bool size_given = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") {
            for (++i; i < argc; ++i) o.command.emplace_back(argv[i]);
            if (o.command.empty()) {
                *error = "no command after --";
                return std::nullopt;
            }
            break;
        }
        // Options take their value as the next argument or after '='.
        std::string name = arg, value;
        bool has_inline_value = false;
        if (arg.rfind("--", 0) == 0) {
            if (auto eq = arg.find('='); eq != std::string::npos) {
                name = arg.substr(0, eq);
                value = arg.substr(eq + 1);
                has_inline_value = true;
            }
        }
        auto take_value = [&]() -> bool {
            if (has_inline_value) return true;
            if (i + 1 >= argc) {
                *error = "option " + name + " needs a value";
                return false;
            }
            value = argv[++i];
            return true;
        };
        auto bad_value = [&](const char* expected) {
            *error = "invalid value '" + value + "' for " + name + ": expected " + expected;
            return std::nullopt;
        };

        const bool is_flag = name == "-h" || name == "--help" || name == "--version" ||
                             name == "-v" || name == "--verbose" || name == "--allow-empty" ||
                             name == "--xwayland";
        if (is_flag && has_inline_value) {
            *error = "option " + name + " takes no value (got '" + arg + "')";
            return std::nullopt;
        }
        if (name == "-h" || name == "--help") {
            o.help = true;
        } else if (name == "--version") {
            o.version = true;
        } else if (name == "-v" || name == "--verbose") {
            o.verbose = true;
        } else if (name == "--allow-empty") {
            o.allow_empty = true;
        } else if (name == "--xwayland") {
            o.xwayland = true;
        } else if (name == "--until") {
            if (!take_value()) return std::nullopt;
            long ms = kDefaultIdleMs;
            if (value != "idle" && (value.rfind("idle=", 0) != 0 || !parse_int(value.substr(5), 1, 600000, &ms)))
                return bad_value("idle or idle=MS, MS from 1 to 600000");
            o.until_idle_ms = uint32_t(ms);
        } else if (name == "--ready-fd") {
            long fd = 0;
            if (!take_value()) return std::nullopt;
            if (!parse_int(value, 3, 1 << 20, &fd)) return bad_value("a file descriptor number, 3 or more");
            o.ready_fd = int(fd);
        } else if (name == "--backend") {
            if (!take_value()) return std::nullopt;
            if (value == "headless") o.server.backend = Backend::Headless;
            else if (value == "wayland") o.server.backend = Backend::Wayland;
            else if (value == "x11") o.server.backend = Backend::X11;
            else if (value == "auto") o.server.backend = Backend::Auto;
            else return bad_value("headless, wayland, x11 or auto");
        } else if (name == "--size") {
            if (!take_value()) return std::nullopt;
            const auto x = value.find('x');
            long w = 0, h = 0;
            if (x == std::string::npos || !parse_int(value.substr(0, x), 1, 16384, &w) ||
                !parse_int(value.substr(x + 1), 1, 16384, &h))
                return bad_value("WIDTHxHEIGHT, each 1 to 16384");
            o.server.output.width = int32_t(w);
            o.server.output.height = int32_t(h);
            size_given = true;
        } else if (name == "--scale") {
            long v = 0;
            if (!take_value()) return std::nullopt;
            if (!parse_int(value, 1, 8, &v)) return bad_value("an integer from 1 to 8");
            o.server.output.scale = int32_t(v);
        } else if (name == "--refresh") {
            long v = 0;
            if (!take_value()) return std::nullopt;
            if (!parse_int(value, 1, 1000, &v)) return bad_value("an integer from 1 to 1000");
            o.server.output.refresh_hz = int32_t(v);
        } else if (name == "--socket") {
            if (!take_value()) return std::nullopt;
            if (value.empty() || value.find('/') != std::string::npos)
                return bad_value("a socket name without '/'");
            o.socket = value;
        } else if (name == "--screenshot") {
            if (!take_value()) return std::nullopt;
            if (value.empty()) return bad_value("a file path");
            o.screenshot = value;
        } else if (name == "--timeout") {
            if (!take_value()) return std::nullopt;
            char* end = nullptr;
            errno = 0;
            const double t = std::strtod(value.c_str(), &end);
            if (value.empty() || errno || *end || !std::isfinite(t) || t <= 0 || t > 1e6)
                return bad_value("a positive number of seconds");
            o.timeout = t;
        } else {
            *error = "unknown option '" + arg + "' (see --help)";
            return std::nullopt;
        }
    }
    const int32_t scale = o.server.output.scale;
    if (o.server.output.width % scale || o.server.output.height % scale) {
        *error = std::string(size_given ? "--size " : "the default size ") +
                 std::to_string(o.server.output.width) + "x" + std::to_string(o.server.output.height) +
                 " is not a multiple of --scale " + std::to_string(scale);
        return std::nullopt;
    }
    return o;
}

} // namespace shoji
