#include "cli/options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>

namespace shoji {

const char* const kUsage =
    "Usage: shoji [options] [-- command [args...]]\n"
    "\n"
    "A minimal Wayland compositor for shm clients. With a command, runs it with\n"
    "WAYLAND_DISPLAY set to Shoji's socket and exits with its exit status.\n"
    "\n"
    "Options:\n"
    "  --backend headless|wayland|x11|auto  where to show the output (default: headless)\n"
    "  --size WxH             output size in pixels (default: 1280x720)\n"
    "  --scale N              output scale, 1 to 8 (default: 1)\n"
    "  --refresh HZ           output refresh rate, 1 to 1000 (default: 60)\n"
    "  --socket NAME          socket name (default: the first free wayland-N)\n"
    "  --screenshot PATH      write a PNG of the output when the command exits\n"
    "                         (without a command: on SIGINT/SIGTERM)\n"
    "  --timeout SECONDS      stop the command after SECONDS and exit with 124\n"
    "  -v, --verbose          log protocol errors and wlroots debug output\n"
    "  -h, --help             show this help\n"
    "  --version              show the version\n";

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
                             name == "-v" || name == "--verbose";
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
