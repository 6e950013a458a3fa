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
    "                                   until no surface has committed for MS (default\n"
    "                                   200) and every commit has been shown\n"
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
    "  screenshot PATH [--window W]     write a PNG of the output now, or of W only\n"
    "  activation-token                 print a fresh xdg_activation_v1 token that\n"
    "                                   focuses the window activated with it\n"
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

struct Spec {
    size_t min_positionals, max_positionals;
    std::set<std::string> options;    // take a value
    std::set<std::string> flags = {}; // take none
};

const std::map<std::string, Spec> kCommands = {
    {"windows", {0, 0, {}, {"--json"}}},
    {"wait window", {0, 0, {"--app-id", "--title", "--timeout"}}},
    {"wait idle", {0, 0, {"--quiet", "--timeout"}}},
    {"pointer", {2, 2, {"--window"}, {"--relative"}}},
    {"click", {0, 2, {"--window", "--button", "--count"}}},
    {"scroll", {2, 2, {"--window"}}},
    {"touch down", {3, 3, {"--window"}}},
    {"touch move", {3, 3, {"--window"}}},
    {"touch up", {1, 1, {}}},
    {"key", {1, SIZE_MAX, {}}},
    {"type", {1, 1, {}}},
    {"focus", {1, 1, {}}},
    {"close", {1, 1, {}}},
    {"screenshot", {1, 1, {"--window"}}},
    {"gesture", {2, 6, {}, {"--cancelled"}}},
    {"activation-token", {0, 0, {}}},
    {"quit", {0, 0, {}}},
};

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
} // namespace

std::optional<CtlInvocation> parse_ctl_args(const std::vector<std::string>& args, const std::string& cwd,
                                            std::string* error) {
    std::string scratch;
    if (!error) error = &scratch;
    CtlInvocation inv;
    size_t i = 0;
    // Options before the command.
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "-h" || a == "--help") {
            inv.help = true;
            return inv;
        }
        if (a == "--socket" || a.rfind("--socket=", 0) == 0) {
            std::string value;
            if (a == "--socket") {
                if (i + 1 >= args.size()) return *error = "option --socket needs a value", std::nullopt;
                value = args[++i];
            } else {
                value = a.substr(9);
            }
            if (value.empty() || value.find('/') != std::string::npos)
                return *error = "invalid value '" + value + "' for --socket: expected a socket name without '/'",
                       std::nullopt;
            inv.socket = value;
            continue;
        }
        if (a.rfind("-", 0) == 0 && a.size() > 1)
            return *error = "unknown option '" + a + "' (see shoji ctl --help)", std::nullopt;
        break;
    }
    if (i >= args.size()) return *error = "no command (see shoji ctl --help)", std::nullopt;
    std::string command = args[i++];
    if (command == "wait") {
        if (i >= args.size() || (args[i] != "window" && args[i] != "idle"))
            return *error = "wait what? 'wait window' or 'wait idle'", std::nullopt;
        command += " " + args[i++];
    } else if (command == "touch") {
        if (i >= args.size() || (args[i] != "down" && args[i] != "move" && args[i] != "up"))
            return *error = "touch what? 'touch down', 'touch move' or 'touch up'", std::nullopt;
        command += " " + args[i++];
    }
    const auto spec_it = kCommands.find(command);
    if (spec_it == kCommands.end())
        return *error = "unknown command '" + command + "' (see shoji ctl --help)", std::nullopt;
    const Spec& spec = spec_it->second;
    inv.command = command;

    // The rest: options (--name VALUE or --name=VALUE) anywhere, "--" ends
    // them. "-5" is a number, not an option.
    std::vector<std::string> positionals;
    std::map<std::string, std::string> options;
    std::set<std::string> flags;
    bool options_done = false;
    for (; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (!options_done && a == "--") {
            options_done = true;
            continue;
        }
        if (!options_done && (a == "-h" || a == "--help")) {
            inv.help = true;
            return inv;
        }
        if (options_done || a.rfind("--", 0) != 0) {
            positionals.push_back(a);
            continue;
        }
        const size_t eq = a.find('=');
        const std::string name = a.substr(0, eq);
        if (spec.flags.count(name)) {
            if (eq != std::string::npos) return *error = "option " + name + " takes no value", std::nullopt;
            flags.insert(name);
        } else if (spec.options.count(name)) {
            if (eq != std::string::npos) {
                options[name] = a.substr(eq + 1);
            } else {
                if (i + 1 >= args.size()) return *error = "option " + name + " needs a value", std::nullopt;
                options[name] = args[++i];
            }
        } else {
            return *error = "unknown option '" + name + "' for " + command + " (see shoji ctl --help)", std::nullopt;
        }
    }
    if (positionals.size() < spec.min_positionals || positionals.size() > spec.max_positionals) {
        if (command == "type") return *error = "type takes one TEXT argument (quote it)", std::nullopt;
        return *error = "wrong number of arguments for " + command + " (see shoji ctl --help)", std::nullopt;
    }
    if (command == "click" && positionals.size() == 1) return *error = "click takes X and Y, or neither", std::nullopt;

    auto bad_value = [&](const std::string& what, const std::string& value, const char* expected) {
        *error = "invalid value '" + value + "' for " + what + ": expected " + expected;
        return std::nullopt;
    };
    json request;
    auto window_option = [&](const std::string& value) -> bool {
        std::string why;
        if (!WindowSelector::parse(value, &why)) {
            *error = why;
            return false;
        }
        request["window"] = value;
        return true;
    };
    int timeout_ms = int(kCtlDefaultTimeoutS * 1000);
    if (auto t = options.find("--timeout"); t != options.end()) {
        double s = 0;
        if (!parse_double(t->second, &s) || s <= 0 || s * 1000 > control_protocol::kMaxTimeoutMs)
            return bad_value("--timeout", t->second, "a positive number of seconds, at most 3600");
        timeout_ms = std::max(1, int(std::ceil(s * 1000)));
    }
    if (auto w = options.find("--window"); w != options.end() && !window_option(w->second)) return std::nullopt;

    inv.reply_deadline_ms = kImmediateReplyMs;
    if (command == "windows") {
        request["command"] = "windows";
        inv.json_output = flags.count("--json") > 0;
    } else if (command == "wait window") {
        request["command"] = "wait_window";
        if (options.count("--app-id")) request["app_id"] = options["--app-id"];
        if (options.count("--title")) request["title"] = options["--title"];
        request["timeout_ms"] = timeout_ms;
        inv.prints_window_id = true;
        inv.reply_deadline_ms = timeout_ms + kReplyMarginMs;
    } else if (command == "wait idle") {
        request["command"] = "wait_idle";
        if (auto q = options.find("--quiet"); q != options.end()) {
            long ms = 0;
            if (!parse_int(q->second, 1, control_protocol::kMaxQuietMs, &ms))
                return bad_value("--quiet", q->second, "milliseconds from 1 to 60000");
            request["quiet_ms"] = ms;
        }
        request["timeout_ms"] = timeout_ms;
        inv.reply_deadline_ms = timeout_ms + kReplyMarginMs;
    } else if (command == "pointer" || command == "click" || command == "scroll") {
        request["command"] = command;
        const bool relative = flags.count("--relative") > 0;
        if (relative && options.count("--window")) return *error = "pointer --relative takes no --window", std::nullopt;
        const bool distance = command == "scroll" || relative;
        const char* names[2] = {distance ? "dx" : "x", distance ? "dy" : "y"};
        for (size_t k = 0; k < positionals.size(); ++k) {
            double v = 0;
            if (!parse_double(positionals[k], &v)) return bad_value(names[k], positionals[k], "a number");
            request[names[k]] = v;
        }
        if (auto b = options.find("--button"); b != options.end()) {
            if (b->second != "left" && b->second != "middle" && b->second != "right")
                return bad_value("--button", b->second, "left, middle or right");
            request["button"] = b->second;
        }
        if (auto c = options.find("--count"); c != options.end()) {
            long n = 0;
            if (!parse_int(c->second, 1, Controller::kMaxClickCount, &n))
                return bad_value("--count", c->second, "a number of clicks from 1 to 10");
            request["count"] = n;
        }
    } else if (command.rfind("touch ", 0) == 0) {
        request["command"] = "touch";
        request["phase"] = command.substr(6);
        long id = 0;
        if (!parse_int(positionals[0], 0, INT32_MAX, &id))
            return bad_value("ID", positionals[0], "a touch point id from 0 to 2147483647");
        request["id"] = id;
        const char* names[2] = {"x", "y"};
        for (size_t k = 1; k < positionals.size(); ++k) {
            double v = 0;
            if (!parse_double(positionals[k], &v)) return bad_value(names[k - 1], positionals[k], "a number");
            request[names[k - 1]] = v;
        }
    } else if (command == "key") {
        request["command"] = "key";
        request["combos"] = positionals;
    } else if (command == "type") {
        size_t bad = 0;
        if (!decode_utf8(positionals[0], &bad))
            return *error = "type: TEXT is not valid UTF-8 (at byte " + std::to_string(bad) + ")", std::nullopt;
        request["command"] = "type";
        request["text"] = positionals[0];
    } else if (command == "focus" || command == "close") {
        request["command"] = command;
        if (!window_option(positionals[0])) return std::nullopt;
    } else if (command == "screenshot") {
        request["command"] = "screenshot";
        const std::string& path = positionals[0];
        if (path.empty()) return bad_value("PATH", path, "a file path");
        request["path"] = path[0] == '/' ? path : cwd + "/" + path;
    } else if (command == "gesture") {
        const std::string& kind = positionals[0];
        const std::string& phase = positionals[1];
        if (kind != "swipe" && kind != "pinch" && kind != "hold")
            return bad_value("the gesture", kind, "swipe, pinch or hold");
        // What follows the phase: begin FINGERS; update DX DY (pinch: SCALE
        // [ROTATION] too); end nothing.
        size_t min_args = 0, max_args = 0;
        if (phase == "begin") min_args = max_args = 1;
        else if (phase == "update" && kind == "swipe") min_args = max_args = 2;
        else if (phase == "update" && kind == "pinch") min_args = 3, max_args = 4;
        else if (phase == "update") return *error = "a hold gesture has no update (begin or end)", std::nullopt;
        else if (phase != "end") return bad_value("the gesture phase", phase, "begin, update or end");
        const size_t extra = positionals.size() - 2;
        if (extra < min_args || extra > max_args)
            return *error = "wrong number of arguments for gesture " + kind + " " + phase + " (see shoji ctl --help)",
                   std::nullopt;
        if (flags.count("--cancelled") && phase != "end") return *error = "--cancelled goes with end", std::nullopt;
        request["command"] = "gesture";
        request["kind"] = kind;
        request["phase"] = phase == "end" && flags.count("--cancelled") ? "cancel" : phase;
        if (phase == "begin") {
            long n = 0;
            if (!parse_int(positionals[2], 1, Controller::kMaxGestureFingers, &n))
                return bad_value("FINGERS", positionals[2], "a number of fingers from 1 to 5");
            request["fingers"] = n;
        } else if (phase == "update") {
            const char* names[4] = {"dx", "dy", "scale", "rotation"};
            for (size_t k = 2; k < positionals.size(); ++k) {
                double v = 0;
                if (!parse_double(positionals[k], &v)) return bad_value(names[k - 2], positionals[k], "a number");
                request[names[k - 2]] = v;
            }
        }
    } else if (command == "activation-token") {
        request["command"] = "activation_token";
    } else if (command == "quit") {
        request["command"] = "quit";
    }
    // Arguments come from the command line: not necessarily UTF-8 (the
    // compositor then says which byte is wrong where it matters).
    inv.request = request.dump(-1, ' ', false, json::error_handler_t::replace);
    return inv;
}

} // namespace shoji
