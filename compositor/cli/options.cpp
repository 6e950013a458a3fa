#include "cli/options.hpp"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include "output/output_spec.hpp"

namespace shoji {

namespace {
// --help before and after the table of options.
const char* const kUsageHead =
    "Usage: shoji [options] [-- command [args...]]\n"
    "       shoji compare EXPECTED.png ACTUAL.png [--tolerance N] [--max-pixels P] [--diff DIFF.png]\n"
    "       shoji ctl COMMAND [ARGS...]   drive a running session (see shoji ctl --help)\n"
    "\n"
    "A minimal Wayland compositor for shm clients. With a command, runs it with\n"
    "WAYLAND_DISPLAY set to Shoji's socket and exits with its exit status.\n"
    "Without one, prints WAYLAND_DISPLAY=<socket path> and SHOJI_CTL=<control\n"
    "socket path>, one per line, and serves until SIGINT or SIGTERM.\n"
    "\n";
const char* const kUsageTail =
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

bool parse_int(const std::string& s, long min, long max, long* out) {
    if (s.empty()) return false;
    errno = 0;
    char* end = nullptr;
    long v = std::strtol(s.c_str(), &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

// What parsing has so far.
struct Parse {
    Options o;
    bool size_given = false;
    // --size, --scale or --refresh: the one-output shorthand, which
    // --output replaces (giving both is an error).
    const char* shorthand = nullptr;
};

// One option: its names, its value as --help shows it (null: a flag, which
// takes none; "[=...]": optional, only after '=', so `--trace -- cmd` stays
// a flag), its --help text, and what it does. `apply` returns null if
// the value is good, else what was expected ("an integer from 1 to 8").
struct OptionSpec {
    const char* names; // "--size", or "-v, --verbose"
    const char* value;
    const char* help; // lines, '\n' between
    const char* (*apply)(const std::string& value, Parse& p);
};

// In --help's order.
const OptionSpec kOptions[] = {
    {"--backend", "headless|wayland|x11|auto", "where to show the output (default: headless)",
     [](const std::string& v, Parse& p) -> const char* {
         if (v == "headless") p.o.server.backend = Backend::Headless;
         else if (v == "wayland") p.o.server.backend = Backend::Wayland;
         else if (v == "x11") p.o.server.backend = Backend::X11;
         else if (v == "auto") p.o.server.backend = Backend::Auto;
         else return "headless, wayland, x11 or auto";
         return nullptr;
     }},
    {"--size", "WxH", "output size in pixels (default: 1280x720)",
     [](const std::string& v, Parse& p) -> const char* {
         const auto x = v.find('x');
         long w = 0, h = 0;
         if (x == std::string::npos || !parse_int(v.substr(0, x), 1, 16384, &w) ||
             !parse_int(v.substr(x + 1), 1, 16384, &h))
             return "WIDTHxHEIGHT, each 1 to 16384";
         p.o.server.output.width = int32_t(w);
         p.o.server.output.height = int32_t(h);
         p.size_given = true;
         p.shorthand = "--size";
         return nullptr;
     }},
    {"--scale", "S", "output scale, 1 to 8, fractional too (1.25; to the\n"
     "nearest 1/120; wl_output.scale is S rounded up)\n"
     "(default: 1)",
     [](const std::string& v, Parse& p) -> const char* {
         std::string error;
         if (!parse_output_scale(v, &p.o.server.output.scale120, &error))
             return "a number from 1 to 8 (rounded to the nearest 1/120)";
         p.shorthand = "--scale";
         return nullptr;
     }},
    {"--refresh", "HZ", "output refresh rate, 1 to 1000 (default: 60)",
     [](const std::string& v, Parse& p) -> const char* {
         long n = 0;
         if (!parse_int(v, 1, 1000, &n)) return "an integer from 1 to 1000";
         p.o.server.output.refresh_hz = int32_t(n);
         p.shorthand = "--refresh";
         return nullptr;
     }},
    {"--output", "WxH[@HZ][,scale=S][,name=NAME][,at=X:Y]",
     "add an output (repeatable, up to 16; instead of --size,\n"
     "--scale, --refresh): scale as --scale, at=X:Y its layout\n"
     "position (default: right of the previous output)",
     [](const std::string& v, Parse& p) -> const char* {
         // `apply` answers a C string: the spec's own message is kept here
         // until parse_options has copied it into its error.
         static thread_local std::string why;
         std::string error;
         std::optional<OutputConfig> config = parse_output_spec(v, &error);
         if (!config) {
             why = "WxH[@HZ][,scale=S][,name=NAME][,at=X:Y] (" + error + ")";
             return why.c_str();
         }
         p.o.server.outputs.push_back(*config);
         return nullptr;
     }},
    {"--socket", "NAME", "socket name (default: the first free wayland-N)",
     [](const std::string& v, Parse& p) -> const char* {
         if (v.empty() || v.find('/') != std::string::npos) return "a socket name without '/'";
         p.o.socket = v;
         return nullptr;
     }},
    {"--screenshot", "PATH",
     "write a PNG of the output when the session ends (the\n"
     "command exits, --until, --timeout, or SIGINT/SIGTERM\n"
     "without a command); exit 125 if no window was mapped",
     [](const std::string& v, Parse& p) -> const char* {
         if (v.empty()) return "a file path";
         p.o.screenshot = v;
         return nullptr;
     }},
    {"--screenshot-output", "NAME",
     "with --screenshot: that output only (default: the whole\n"
     "layout, gaps between outputs in the background colour)",
     [](const std::string& v, Parse& p) -> const char* {
         if (v.empty()) return "an output name";
         p.o.screenshot_output = v;
         return nullptr;
     }},
    {"--trace", "[=FILE]",
     "describe each shm-path request and output frame in words,\n"
     "on stderr or in FILE",
     [](const std::string& v, Parse& p) -> const char* {
         p.o.trace = v; // "": stderr (the value is optional: only after '=')
         return nullptr;
     }},
    {"--damage-frames", "DIR",
     "write DIR/frame-00001.png, ... : each output frame with what\n"
     "it repainted tinted (its damage, the buffer-age area, SRC,\n"
     "OVER, outlines of occluded views); DIR is made if missing",
     [](const std::string& v, Parse& p) -> const char* {
         if (v.empty()) return "a directory path";
         p.o.damage_frames = v;
         return nullptr;
     }},
    {"--events", "FILE",
     "write what happened as JSON lines to FILE (clients, windows,\n"
     "configures, focus, damage, protocol errors, screenshots,\n"
     "warnings about client mistakes); see docs/testing-clients.md",
     [](const std::string& v, Parse& p) -> const char* {
         if (v.empty()) return "a file path";
         p.o.events = v;
         return nullptr;
     }},
    {"--allow-empty", nullptr,
     "with --screenshot: write the background if no window was\n"
     "mapped, and do not fail",
     [](const std::string&, Parse& p) -> const char* {
         p.o.allow_empty = true;
         return nullptr;
     }},
    {"--until", "idle[=MS]",
     "end the session once a window is mapped and nothing has\n"
     "committed or been shown for MS ms (default 250); the\n"
     "command gets SIGTERM (SIGKILL after 2 s), Shoji exits 0",
     [](const std::string& v, Parse& p) -> const char* {
         long ms = kDefaultIdleMs;
         if (v != "idle" && (v.rfind("idle=", 0) != 0 || !parse_int(v.substr(5), 1, 600000, &ms)))
             return "idle or idle=MS, MS from 1 to 600000";
         p.o.until_idle_ms = uint32_t(ms);
         return nullptr;
     }},
    {"--timeout", "SECONDS", "stop the command after SECONDS and exit with 124",
     [](const std::string& v, Parse& p) -> const char* {
         char* end = nullptr;
         errno = 0;
         const double t = std::strtod(v.c_str(), &end);
         if (v.empty() || errno || *end || !std::isfinite(t) || t <= 0 || t > 1e6)
             return "a positive number of seconds";
         p.o.timeout = t;
         return nullptr;
     }},
    {"--decorations", "client|server",
     "who draws window decorations, as xdg-decoration and\n"
     "KDE server-decoration answer (default: client)",
     [](const std::string& v, Parse& p) -> const char* {
         if (v == "client") p.o.server.decorations = DecorationMode::Client;
         else if (v == "server") p.o.server.decorations = DecorationMode::Server;
         else return "client or server";
         return nullptr;
     }},
    {"--no-data-control", nullptr,
     "do not serve zwlr_data_control_manager_v1 (through which any\n"
     "client reads and sets the clipboard): wl-copy, wl-paste and\n"
     "clipboard managers then need a window with the focus",
     [](const std::string&, Parse& p) -> const char* {
         p.o.server.data_control = false;
         return nullptr;
     }},
    {"--xwayland", nullptr,
     "start Xwayland (rootful: the X screen is one window) before\n"
     "the command, which gets DISPLAY; stop it at the end",
     [](const std::string&, Parse& p) -> const char* {
         p.o.xwayland = true;
         return nullptr;
     }},
    {"--ready-fd", "N",
     "write the WAYLAND_DISPLAY= and SHOJI_CTL= lines (and\n"
     "DISPLAY= with --xwayland) to file descriptor N (3 or\n"
     "more), then close it, once the socket accepts clients",
     [](const std::string& v, Parse& p) -> const char* {
         long fd = 0;
         if (!parse_int(v, 3, 1 << 20, &fd)) return "a file descriptor number, 3 or more";
         p.o.ready_fd = int(fd);
         return nullptr;
     }},
    {"-v, --verbose", nullptr, "log the protocol errors Shoji sends, and wlroots debug output",
     [](const std::string&, Parse& p) -> const char* {
         p.o.verbose = true;
         return nullptr;
     }},
    {"-h, --help", nullptr, "show this help",
     [](const std::string&, Parse& p) -> const char* {
         p.o.help = true;
         return nullptr;
     }},
    {"--version", nullptr, "show the version",
     [](const std::string&, Parse& p) -> const char* {
         p.o.version = true;
         return nullptr;
     }},
};

bool optional_value(const OptionSpec& spec) { return spec.value && spec.value[0] == '['; }

// Whether `name` is one of the spec's names.
bool names_match(const OptionSpec& spec, const std::string& name) {
    std::string_view names = spec.names;
    for (;;) {
        const size_t comma = names.find(", ");
        if (names.substr(0, comma) == name) return true;
        if (comma == std::string_view::npos) return false;
        names.remove_prefix(comma + 2);
    }
}

const OptionSpec* find_option(const std::string& name) {
    for (const OptionSpec& spec : kOptions)
        if (names_match(spec, name)) return &spec;
    return nullptr;
}

// The help column: names and value, then the text from column 25.
constexpr size_t kHelpColumn = 25;
} // namespace

std::string usage() {
    std::string out = kUsageHead;
    out += "Options:\n";
    for (const OptionSpec& spec : kOptions) {
        std::string label = std::string("  ") + spec.names;
        if (spec.value) label += std::string(optional_value(spec) ? "" : " ") + spec.value;
        label += label.size() + 2 <= kHelpColumn ? std::string(kHelpColumn - label.size(), ' ') : "  ";
        const std::string help = spec.help;
        for (size_t start = 0;;) {
            const size_t nl = help.find('\n', start);
            out += (start == 0 ? label : std::string(kHelpColumn, ' ')) + help.substr(start, nl - start) + "\n";
            if (nl == std::string::npos) break;
            start = nl + 1;
        }
    }
    return out + kUsageTail;
}

std::optional<Options> parse_options(int argc, const char* const* argv, std::string* error) {
    Parse p;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--") {
            for (++i; i < argc; ++i) p.o.command.emplace_back(argv[i]);
            if (p.o.command.empty()) {
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
        const OptionSpec* spec = find_option(name);
        if (!spec) {
            *error = "unknown option '" + arg + "' (see --help)";
            return std::nullopt;
        }
        if (!spec->value && has_inline_value) {
            *error = "option " + name + " takes no value (got '" + arg + "')";
            return std::nullopt;
        }
        if (optional_value(*spec) && has_inline_value && value.empty()) {
            *error = "invalid value '' for " + name + ": expected a file path";
            return std::nullopt;
        }
        if (spec->value && !has_inline_value && !optional_value(*spec)) {
            if (i + 1 >= argc) {
                *error = "option " + name + " needs a value";
                return std::nullopt;
            }
            value = argv[++i];
        }
        if (const char* expected = spec->apply(value, p)) {
            *error = "invalid value '" + value + "' for " + name + ": expected " + expected;
            return std::nullopt;
        }
    }
    const std::vector<OutputConfig>& outputs = p.o.server.outputs;
    if (!outputs.empty() && p.shorthand) {
        *error = std::string(p.shorthand) + " describes the single output: with --output, give each output's size, "
                 "scale and refresh in its spec";
        return std::nullopt;
    }
    if (outputs.size() > kMaxOutputs) {
        *error = std::to_string(outputs.size()) + " outputs: at most " + std::to_string(kMaxOutputs);
        return std::nullopt;
    }
    for (size_t i = 0; i < outputs.size(); ++i)
        for (size_t j = 0; j < i; ++j)
            if (!outputs[i].name.empty() && outputs[i].name == outputs[j].name) {
                *error = "two outputs are named '" + outputs[i].name + "'";
                return std::nullopt;
            }
    const int32_t scale120 = p.o.server.output.scale120;
    std::string why;
    if (!check_size_and_scale(p.o.server.output.width, p.o.server.output.height, scale120, &why)) {
        const std::string size = std::to_string(p.o.server.output.width) + "x" + std::to_string(p.o.server.output.height);
        if (scale120 % kScaleUnit == 0)
            *error = std::string(p.size_given ? "--size " : "the default size ") + size +
                     " is not a multiple of --scale " + format_scale(scale120);
        else
            *error = std::string(p.size_given ? "--size " : "the default size ") + size + " and --scale " +
                     format_scale(scale120) + ": " + why;
        return std::nullopt;
    }
    return p.o;
}

} // namespace shoji
