#include "cli/ctl_args.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "control/controller.hpp"
#include "control/key_input.hpp"
#include "control/protocol.hpp"
#include "control/windows.hpp"
#include "output/output_spec.hpp"

namespace shoji {

const char* const kCtlUsage =
    "Usage: shoji ctl [--socket NAME] COMMAND [ARGS...]\n"
    "\n"
    "Drives a running Shoji session through its control socket: that of --socket\n"
    "NAME ($XDG_RUNTIME_DIR/NAME.ctl), else $SHOJI_CTL (which Shoji sets for the\n"
    "command it runs), else that of $WAYLAND_DISPLAY.\n"
    "\n"
    "Commands:\n"
    "  windows [--json]                 every window: id, app_id, title, x, y, width,\n"
    "                                   height, mapped, activated, focused, output, pid\n"
    "  wait window [--app-id ID] [--title TEXT] [--timeout S]\n"
    "                                   until such a window is mapped and shown in a\n"
    "                                   frame; prints its id\n"
    "  wait idle [--quiet MS] [--timeout S]\n"
    "                                   until nothing has committed or been shown for\n"
    "                                   MS (default 200), every commit shown\n"
    "  pointer X Y [--window W]         move the pointer (with W: relative to its\n"
    "                                   window geometry)\n"
    "  pointer --relative DX DY         move the pointer by DX DY as a mouse does\n"
    "                                   (relative motion, even while it is locked)\n"
    "  click [X Y] [--window W] [--button left|middle|right] [--count N]\n"
    "                                   click (at X Y; or W's centre; or where the\n"
    "                                   pointer is)\n"
    "  scroll DX DY [--window W]        scroll the window under the pointer (or W)\n"
    "  touch down ID X Y [--window W]   touch point ID (0 or more) comes down at X Y\n"
    "                                   (with W: relative to its window geometry)\n"
    "  touch move ID X Y [--window W]   touch point ID moves to X Y\n"
    "  touch up ID                      touch point ID goes up\n"
    "  gesture swipe|pinch|hold begin FINGERS\n"
    "  gesture swipe update DX DY\n"
    "  gesture pinch update DX DY SCALE [ROTATION]\n"
    "  gesture swipe|pinch|hold end [--cancelled]\n"
    "                                   a touchpad gesture for the window under the\n"
    "                                   pointer (zwp_pointer_gestures_v1)\n"
    "  key COMBO...                     press keys: ctrl+s  Return  shift+Tab  a\n"
    "  type TEXT                        type UTF-8 text through the session's keymap\n"
    "  focus W                          raise a window and give it the keyboard\n"
    "  close W                          ask a window to close (xdg_toplevel.close)\n"
    "  screenshot PATH [--window W] [--output NAME]\n"
    "                                   write a PNG of the whole layout now (the\n"
    "                                   outputs' bounding box), of output NAME only,\n"
    "                                   or of W only\n"
    "  output list [--json]             every output: name, layout position and size,\n"
    "                                   pixel size, scale, refresh\n"
    "  output add WxH[@HZ][,scale=S][,name=NAME][,at=X:Y]\n"
    "                                   plug in an output (headless; at most 16);\n"
    "                                   prints its name\n"
    "  output remove NAME               unplug an output (not the last one); its\n"
    "                                   windows move to the first output left\n"
    "  output set NAME [--size WxH] [--scale S] [--refresh HZ] [--at X:Y]\n"
    "                                   change an output's mode (pixels), scale\n"
    "                                   (fractional too), refresh or position\n"
    "  activation-token                 print a fresh xdg_activation_v1 token that\n"
    "                                   focuses the window activated with it\n"
    "  unlock                           end a session lock whose locker is gone\n"
    "                                   (ext_session_lock_v1: it stays locked)\n"
    "  quit                             end the session as SIGTERM would\n"
    "\n"
    "W is an id from 'windows', app-id=ID or title=TEXT. Waits give up after 30 s\n"
    "unless --timeout S says otherwise. Input commands return once the events are\n"
    "sent to the client; 'wait idle' then waits for what they caused.\n"
    "\n"
    "Exit status: 0 done; 1 the command failed or timed out (one line on stderr\n"
    "says why); 2 bad usage.\n";

namespace {
using json = nlohmann::json;

// How long past a wait's own timeout the client waits for the compositor's
// answer, and how long for commands that answer at once: if no reply comes
// by then, the compositor is stuck and the command fails.
constexpr int kReplyMarginMs = 10 * 1000;
constexpr int kImmediateReplyMs = 30 * 1000;

bool parse_double(const std::string& s, double* out) {
    if (s.empty()) return false;
    errno = 0;
    char* end = nullptr;
    const double v = std::strtod(s.c_str(), &end);
    if (errno || *end || !std::isfinite(v)) return false;
    *out = v;
    return true;
}

bool parse_int(const std::string& s, long min, long max, long* out) {
    if (s.empty()) return false;
    errno = 0;
    char* end = nullptr;
    const long v = std::strtol(s.c_str(), &end, 10);
    if (errno || *end || v < min || v > max) return false;
    *out = v;
    return true;
}

// What one command's arguments make: its request (and the invocation's output
// flags), or a one-line error.
struct Args {
    const std::string& command;
    const std::vector<std::string>& positionals;
    const std::map<std::string, std::string>& options;
    const std::set<std::string>& flags;
    const std::string& cwd;
    int timeout_ms;
    json& request;
    CtlInvocation& inv;
    std::string* error;

    bool fail(const std::string& message) {
        *error = message;
        return false;
    }
    bool bad_value(const std::string& what, const std::string& value, const char* expected) {
        return fail("invalid value '" + value + "' for " + what + ": expected " + expected);
    }
    const std::string* option(const char* name) const {
        auto it = options.find(name);
        return it == options.end() ? nullptr : &it->second;
    }
    bool flag(const char* name) const { return flags.count(name) > 0; }
    // Positionals from `first` on, as numbers named `names`.
    bool numbers(size_t first, const char* const* names) {
        for (size_t k = first; k < positionals.size(); ++k) {
            double v = 0;
            if (!parse_double(positionals[k], &v)) return bad_value(names[k - first], positionals[k], "a number");
            request[names[k - first]] = v;
        }
        return true;
    }
    // A window selector, sent as "window".
    bool window(const std::string& value) {
        std::string why;
        if (!WindowSelector::parse(value, &why)) return fail(why);
        request["window"] = value;
        return true;
    }
    // The reply comes when the wait ends: its timeout and a margin.
    void waits() {
        request["timeout_ms"] = timeout_ms;
        inv.reply_deadline_ms = timeout_ms + kReplyMarginMs;
    }
};

bool build_pointer(Args& a) { // pointer, click, scroll
    a.request["command"] = a.command;
    const bool relative = a.flag("--relative");
    if (relative && a.option("--window")) return a.fail("pointer --relative takes no --window");
    const bool distance = a.command == "scroll" || relative;
    const char* names[2] = {distance ? "dx" : "x", distance ? "dy" : "y"};
    if (!a.numbers(0, names)) return false;
    if (const std::string* b = a.option("--button")) {
        if (*b != "left" && *b != "middle" && *b != "right")
            return a.bad_value("--button", *b, "left, middle or right");
        a.request["button"] = *b;
    }
    if (const std::string* c = a.option("--count")) {
        long n = 0;
        if (!parse_int(*c, 1, Controller::kMaxClickCount, &n))
            return a.bad_value("--count", *c, "a number of clicks from 1 to 10");
        a.request["count"] = n;
    }
    return true;
}

bool build_touch(Args& a) { // touch down, touch move, touch up
    a.request["command"] = "touch";
    a.request["phase"] = a.command.substr(6);
    long id = 0;
    if (!parse_int(a.positionals[0], 0, INT32_MAX, &id))
        return a.bad_value("ID", a.positionals[0], "a touch point id from 0 to 2147483647");
    a.request["id"] = id;
    static const char* const names[2] = {"x", "y"};
    return a.numbers(1, names);
}

bool build_gesture(Args& a) {
    const std::string& kind = a.positionals[0];
    const std::string& phase = a.positionals[1];
    if (kind != "swipe" && kind != "pinch" && kind != "hold")
        return a.bad_value("the gesture", kind, "swipe, pinch or hold");
    // What follows the phase: begin FINGERS; update DX DY (pinch: SCALE
    // [ROTATION] too); end nothing.
    size_t min_args = 0, max_args = 0;
    if (phase == "begin")
        min_args = max_args = 1;
    else if (phase == "update" && kind == "swipe")
        min_args = max_args = 2;
    else if (phase == "update" && kind == "pinch")
        min_args = 3, max_args = 4;
    else if (phase == "update")
        return a.fail("a hold gesture has no update (begin or end)");
    else if (phase != "end")
        return a.bad_value("the gesture phase", phase, "begin, update or end");
    const size_t extra = a.positionals.size() - 2;
    if (extra < min_args || extra > max_args)
        return a.fail("wrong number of arguments for gesture " + kind + " " + phase + " (see shoji ctl --help)");
    const bool cancelled = a.flag("--cancelled");
    if (cancelled && phase != "end") return a.fail("--cancelled goes with end");
    a.request["command"] = "gesture";
    a.request["kind"] = kind;
    a.request["phase"] = phase == "end" && cancelled ? "cancel" : phase;
    if (phase == "begin") {
        long n = 0;
        if (!parse_int(a.positionals[2], 1, Controller::kMaxGestureFingers, &n))
            return a.bad_value("FINGERS", a.positionals[2], "a number of fingers from 1 to 5");
        a.request["fingers"] = n;
    } else if (phase == "update") {
        static const char* const names[4] = {"dx", "dy", "scale", "rotation"};
        return a.numbers(2, names);
    }
    return true;
}

bool build_windows(Args& a) {
    a.request["command"] = "windows";
    a.inv.json_output = a.flag("--json");
    return true;
}

bool build_wait_window(Args& a) {
    a.request["command"] = "wait_window";
    if (const std::string* id = a.option("--app-id")) a.request["app_id"] = *id;
    if (const std::string* title = a.option("--title")) a.request["title"] = *title;
    a.waits();
    a.inv.prints_window_id = true;
    return true;
}

bool build_wait_idle(Args& a) {
    a.request["command"] = "wait_idle";
    if (const std::string* q = a.option("--quiet")) {
        long ms = 0;
        if (!parse_int(*q, 1, control_protocol::kMaxQuietMs, &ms))
            return a.bad_value("--quiet", *q, "milliseconds from 1 to 60000");
        a.request["quiet_ms"] = ms;
    }
    a.waits();
    return true;
}

bool build_key(Args& a) {
    a.request["command"] = "key";
    a.request["combos"] = a.positionals;
    return true;
}

bool build_type(Args& a) {
    size_t bad = 0;
    if (!decode_utf8(a.positionals[0], &bad))
        return a.fail("type: TEXT is not valid UTF-8 (at byte " + std::to_string(bad) + ")");
    a.request["command"] = "type";
    a.request["text"] = a.positionals[0];
    return true;
}

bool build_window_command(Args& a) { // focus, close
    a.request["command"] = a.command;
    return a.window(a.positionals[0]);
}

bool build_output(Args& a) { // output list | add SPEC | remove NAME | set NAME [...]
    const std::string& verb = a.positionals[0];
    const size_t want = verb == "list" ? 1 : 2;
    if (verb != "list" && verb != "add" && verb != "remove" && verb != "set")
        return a.bad_value("output", verb, "list, add, remove or set");
    if (a.positionals.size() != want)
        return a.fail("output " + verb + (want == 1 ? " takes no argument" : " takes one argument") +
                      " (see shoji ctl --help)");
    if (verb != "list" && a.flag("--json")) return a.fail("--json goes with output list");
    if (verb != "set" && (a.option("--size") || a.option("--scale") || a.option("--at") || a.option("--refresh")))
        return a.fail("--size, --scale, --refresh and --at go with output set");
    std::string error;
    if (verb == "list") {
        a.request["command"] = "outputs";
        a.inv.json_output = a.flag("--json");
    } else if (verb == "add") {
        if (!parse_output_spec(a.positionals[1], &error)) return a.fail("invalid output spec '" + a.positionals[1] + "': " + error);
        a.request["command"] = "output_add";
        a.request["spec"] = a.positionals[1];
    } else {
        a.request["command"] = verb == "remove" ? "output_remove" : "output_set";
        a.request["name"] = a.positionals[1];
    }
    if (verb != "set") return true;
    const std::string* size = a.option("--size");
    const std::string* scale = a.option("--scale");
    const std::string* at = a.option("--at");
    const std::string* refresh = a.option("--refresh");
    if (!size && !scale && !at && !refresh) return a.fail("output set needs --size, --scale, --refresh or --at");
    int32_t w = 0, h = 0, sc = 0, x = 0, y = 0; // sc: in 120ths
    if (size) {
        if (!parse_output_size(*size, &w, &h, &error)) return a.fail("--size " + error);
        a.request["width"] = w;
        a.request["height"] = h;
    }
    if (scale) {
        if (!parse_output_scale(*scale, &sc, &error)) return a.fail("--scale " + error);
        // A number on the wire (1.25; 2 for a whole one).
        if (sc % kScaleUnit == 0) a.request["scale"] = sc / kScaleUnit;
        else a.request["scale"] = double(sc) / kScaleUnit;
    }
    if (refresh) {
        int32_t hz = 0;
        if (!parse_output_refresh(*refresh, &hz, &error)) return a.fail("--refresh " + error);
        a.request["refresh"] = hz;
    }
    if (at) {
        if (!parse_output_position(*at, &x, &y, &error)) return a.fail("--at " + error);
        a.request["x"] = x;
        a.request["y"] = y;
    }
    return true;
}

bool build_screenshot(Args& a) {
    a.request["command"] = "screenshot";
    if (const std::string* output = a.option("--output")) {
        if (output->empty()) return a.bad_value("--output", *output, "an output name");
        a.request["output"] = *output;
    }
    const std::string& path = a.positionals[0];
    if (path.empty()) return a.bad_value("PATH", path, "a file path");
    a.request["path"] = path[0] == '/' ? path : a.cwd + "/" + path;
    return true;
}

// Commands without arguments: the request names the command ('-' is '_').
bool build_plain(Args& a) {
    std::string name = a.command;
    std::replace(name.begin(), name.end(), '-', '_');
    a.request["command"] = name;
    return true;
}

// One row per command: its arguments, and what they make.
struct Spec {
    size_t min_positionals, max_positionals;
    std::set<std::string> options; // take a value
    std::set<std::string> flags;   // take none
    bool (*build)(Args& a);
    // The error for a number of arguments out of range (null: the generic
    // one), and for an odd number (null: any number is fine).
    const char* arity_error = nullptr;
    const char* odd_error = nullptr;
};

const std::map<std::string, Spec> kCommands = {
    {"windows", {0, 0, {}, {"--json"}, build_windows}},
    {"wait window", {0, 0, {"--app-id", "--title", "--timeout"}, {}, build_wait_window}},
    {"wait idle", {0, 0, {"--quiet", "--timeout"}, {}, build_wait_idle}},
    {"pointer", {2, 2, {"--window"}, {"--relative"}, build_pointer}},
    {"click",
     {0, 2, {"--window", "--button", "--count"}, {}, build_pointer, nullptr, "click takes X and Y, or neither"}},
    {"scroll", {2, 2, {"--window"}, {}, build_pointer}},
    {"touch down", {3, 3, {"--window"}, {}, build_touch}},
    {"touch move", {3, 3, {"--window"}, {}, build_touch}},
    {"touch up", {1, 1, {}, {}, build_touch}},
    {"key", {1, SIZE_MAX, {}, {}, build_key}},
    {"type", {1, 1, {}, {}, build_type, "type takes one TEXT argument (quote it)"}},
    {"focus", {1, 1, {}, {}, build_window_command}},
    {"close", {1, 1, {}, {}, build_window_command}},
    {"screenshot", {1, 1, {"--window", "--output"}, {}, build_screenshot}},
    {"output", {1, 2, {"--size", "--scale", "--refresh", "--at"}, {"--json"}, build_output}},
    {"gesture", {2, 6, {}, {"--cancelled"}, build_gesture}},
    {"activation-token", {0, 0, {}, {}, build_plain}},
    {"unlock", {0, 0, {}, {}, build_plain}},
    {"quit", {0, 0, {}, {}, build_plain}},
};
} // namespace

namespace {
// The options before the command (--socket, --help). False and `error` on
// bad usage; `i` is left at the command.
bool parse_leading_options(const std::vector<std::string>& args, size_t& i, CtlInvocation& inv, std::string* error) {
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            inv.help = true;
            return true;
        }
        if (a == "--socket" || a.rfind("--socket=", 0) == 0) {
            std::string value;
            if (a == "--socket") {
                if (i + 1 >= args.size()) return *error = "option --socket needs a value", false;
                value = args[++i];
            } else {
                value = a.substr(9);
            }
            if (value.empty() || value.find('/') != std::string::npos)
                return *error = "invalid value '" + value + "' for --socket: expected a socket name without '/'", false;
            inv.socket = value;
            continue;
        }
        if (a.rfind("-", 0) == 0 && a.size() > 1)
            return *error = "unknown option '" + a + "' (see shoji ctl --help)", false;
        break;
    }
    return true;
}

// The command's name: one word, or two for "wait ..." and "touch ...".
// Empty and `error` if there is none or it is unknown.
std::string read_command(const std::vector<std::string>& args, size_t& i, std::string* error) {
    if (i >= args.size()) return *error = "no command (see shoji ctl --help)", "";
    std::string command = args[i++];
    if (command == "wait") {
        if (i >= args.size() || (args[i] != "window" && args[i] != "idle"))
            return *error = "wait what? 'wait window' or 'wait idle'", "";
        command += " " + args[i++];
    } else if (command == "touch") {
        if (i >= args.size() || (args[i] != "down" && args[i] != "move" && args[i] != "up"))
            return *error = "touch what? 'touch down', 'touch move' or 'touch up'", "";
        command += " " + args[i++];
    }
    if (!kCommands.count(command)) return *error = "unknown command '" + command + "' (see shoji ctl --help)", "";
    return command;
}

// The command's arguments from `i` on: options (--name VALUE or
// --name=VALUE) anywhere, "--" ends them. "-5" is a number, not an option.
// False and `error` on bad usage (or true with inv.help set).
bool split_arguments(const std::vector<std::string>& args, size_t i, const std::string& command, const Spec& spec,
                     std::vector<std::string>& positionals, std::map<std::string, std::string>& options,
                     std::set<std::string>& flags, CtlInvocation& inv, std::string* error) {
    bool options_done = false;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!options_done && a == "--") {
            options_done = true;
            continue;
        }
        if (!options_done && (a == "-h" || a == "--help")) {
            inv.help = true;
            return true;
        }
        if (options_done || a.rfind("--", 0) != 0) {
            positionals.push_back(a);
            continue;
        }
        const size_t eq = a.find('=');
        const std::string name = a.substr(0, eq);
        if (spec.flags.count(name)) {
            if (eq != std::string::npos) return *error = "option " + name + " takes no value", false;
            flags.insert(name);
        } else if (spec.options.count(name)) {
            if (eq != std::string::npos) {
                options[name] = a.substr(eq + 1);
            } else {
                if (i + 1 >= args.size()) return *error = "option " + name + " needs a value", false;
                options[name] = args[++i];
            }
        } else {
            return *error = "unknown option '" + name + "' for " + command + " (see shoji ctl --help)", false;
        }
    }
    return true;
}
} // namespace

std::optional<CtlInvocation> parse_ctl_args(const std::vector<std::string>& args, const std::string& cwd,
                                            std::string* error) {
    std::string scratch;
    if (!error) error = &scratch;
    CtlInvocation inv;
    size_t i = 0;
    if (!parse_leading_options(args, i, inv, error)) return std::nullopt;
    if (inv.help) return inv;
    const std::string command = read_command(args, i, error);
    if (command.empty()) return std::nullopt;
    const Spec& spec = kCommands.at(command);
    inv.command = command;

    std::vector<std::string> positionals;
    std::map<std::string, std::string> options;
    std::set<std::string> flags;
    if (!split_arguments(args, i, command, spec, positionals, options, flags, inv, error)) return std::nullopt;
    if (inv.help) return inv;
    if (positionals.size() < spec.min_positionals || positionals.size() > spec.max_positionals) {
        if (spec.arity_error) return *error = spec.arity_error, std::nullopt;
        return *error = "wrong number of arguments for " + command + " (see shoji ctl --help)", std::nullopt;
    }
    if (spec.odd_error && positionals.size() % 2) return *error = spec.odd_error, std::nullopt;

    json request;
    Args built{command, positionals, options, flags, cwd, int(kCtlDefaultTimeoutS * 1000), request, inv, error};
    if (const std::string* t = built.option("--timeout")) {
        double s = 0;
        if (!parse_double(*t, &s) || s <= 0 || s * 1000 > control_protocol::kMaxTimeoutMs)
            return built.bad_value("--timeout", *t, "a positive number of seconds, at most 3600"), std::nullopt;
        built.timeout_ms = std::max(1, int(std::ceil(s * 1000)));
    }
    if (const std::string* w = built.option("--window"); w && !built.window(*w)) return std::nullopt;
    inv.reply_deadline_ms = kImmediateReplyMs;
    if (!spec.build(built)) return std::nullopt;
    // Arguments come from the command line: not necessarily UTF-8 (the
    // compositor then says which byte is wrong where it matters).
    inv.request = request.dump(-1, ' ', false, json::error_handler_t::replace);
    return inv;
}

} // namespace shoji
