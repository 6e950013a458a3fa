#include "control/protocol.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>

#include <nlohmann/json.hpp>

#include "output/output_spec.hpp"

namespace shoji::control_protocol {

namespace {
using json = nlohmann::json;

// Client strings (titles, app ids) need not be UTF-8: replace what is not,
// rather than fail the whole reply.
std::string to_line(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace) + "\n"; }

// Nesting depth of a JSON text, counted without parsing (brackets outside
// strings), so that deep garbage is refused before the parser sees it.
int nesting_depth(const std::string& text) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            deepest = std::max(deepest, ++depth);
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
    return deepest;
}

const char* type_name(const json& v) {
    if (v.is_string()) return "a string";
    if (v.is_boolean()) return "a boolean";
    if (v.is_number()) return "a number";
    if (v.is_null()) return "null";
    if (v.is_array()) return "an array";
    return "an object";
}

// The arguments of one request, checked field by field. The first error
// wins; once there is one, getters return empty values.
class Args {
public:
    Args(const json& request, const std::string& command) : request_(request), command_(command) {}

    // Every field must be one of `known` (plus "command" and "id").
    void allow(std::initializer_list<const char*> known) {
        for (const auto& item : request_.items()) {
            const std::string& key = item.key(); // (a lambda cannot capture a structured binding in C++17)
            if (key == "command" || key == "id") continue;
            if (std::none_of(known.begin(), known.end(), [&](const char* k) { return key == k; }))
                return fail("unknown field \"" + key + "\" for " + command_);
        }
    }

    std::optional<std::string> string(const char* key, bool required) {
        const json* v = field(key, required);
        if (!v) return std::nullopt;
        if (!v->is_string()) return fail(key, "a string", *v), std::nullopt;
        return v->get<std::string>();
    }
    std::optional<double> number(const char* key, bool required) {
        const json* v = field(key, required);
        if (!v) return std::nullopt;
        if (!v->is_number()) return fail(key, "a number", *v), std::nullopt;
        const double d = v->get<double>();
        if (!std::isfinite(d)) return fail(std::string("field \"") + key + "\" is not finite"), std::nullopt;
        return d;
    }
    std::optional<int> integer(const char* key, bool required, int min, int max) {
        const json* v = field(key, required);
        if (!v) return std::nullopt;
        if (!v->is_number_integer()) return fail(key, "an integer", *v), std::nullopt;
        bool in_range;
        if (v->is_number_unsigned()) {
            const uint64_t u = v->get<uint64_t>();
            in_range = u <= uint64_t(max) && int64_t(u) >= min;
        } else {
            const int64_t i = v->get<int64_t>();
            in_range = i >= min && i <= max;
        }
        if (!in_range)
            return fail(std::string("field \"") + key + "\" is " + v->dump() + ", expected " + std::to_string(min) +
                        " to " + std::to_string(max)),
                   std::nullopt;
        return int(v->get<int64_t>());
    }
    std::optional<std::vector<std::string>> strings(const char* key, bool required) {
        const json* v = field(key, required);
        if (!v) return std::nullopt;
        if (!v->is_array()) return fail(key, "an array of strings", *v), std::nullopt;
        std::vector<std::string> out;
        for (const json& item : *v) {
            if (!item.is_string()) return fail(key, "an array of strings", item), std::nullopt;
            out.push_back(item.get<std::string>());
        }
        return out;
    }
    std::optional<WindowSelector> window(const char* key, bool required) {
        std::optional<std::string> spec = string(key, required);
        if (!spec) return std::nullopt;
        std::string error;
        std::optional<WindowSelector> s = WindowSelector::parse(*spec, &error);
        if (!s) fail(error);
        return s;
    }

    bool ok() const { return error_.empty(); }
    const std::string& error() const { return error_; }

private:
    const json* field(const char* key, bool required) {
        if (!ok()) return nullptr;
        const auto it = request_.find(key);
        if (it == request_.end()) {
            if (required) fail(command_ + " needs the field \"" + key + "\"");
            return nullptr;
        }
        return &*it;
    }
    void fail(std::string message) {
        if (ok()) error_ = std::move(message);
    }
    void fail(const char* key, const char* expected, const json& got) {
        fail(std::string("field \"") + key + "\" must be " + expected + ", not " + type_name(got));
    }

    const json& request_;
    const std::string& command_;
    std::string error_;
};

json window_json(const WindowInfo& w) {
    return json{{"id", w.id},         {"app_id", w.app_id},   {"title", w.title},
                {"x", w.x},           {"y", w.y},             {"width", w.width},
                {"height", w.height}, {"mapped", w.mapped},   {"activated", w.activated},
                {"focused", w.focused}, {"output", w.output.empty() ? json(nullptr) : json(w.output)},
                {"pid", w.pid}};
}

// A whole scale as an integer (2), a fractional one as a number (1.25).
json scale_json(int32_t scale120) {
    if (scale120 % kScaleUnit == 0) return json(scale120 / kScaleUnit);
    return json(double(scale120) / kScaleUnit);
}

json output_json(const OutputInfo& o) {
    return json{{"name", o.name},   {"x", o.x},
                {"y", o.y},         {"width", o.width},
                {"height", o.height}, {"pixel_width", o.pixel_width},
                {"pixel_height", o.pixel_height}, {"scale", scale_json(o.scale120)},
                {"refresh", o.refresh_hz}};
}

// The reply to a request: "id" echoed, "ok", and either results or "error".
json reply_for(const json* id, const Controller::Status& status) {
    json r = {{"ok", status.ok()}};
    if (!status.ok()) r["error"] = status.error;
    if (id) r["id"] = *id;
    return r;
}

std::optional<Controller::Button> parse_button(const std::string& name) {
    if (name == "left") return Controller::Button::Left;
    if (name == "middle") return Controller::Button::Middle;
    if (name == "right") return Controller::Button::Right;
    return std::nullopt;
}
} // namespace

std::string error_line(const std::string& message) { return to_line(json{{"ok", false}, {"error", message}}); }

namespace {
using Status = Controller::Status;
using Pending = std::unique_ptr<Controller::Pending>;

// How a request is answered: "id" echoed, "ok", and either `results` or
// "error". A copy may answer later, from the event loop (the waits).
class Answer {
public:
    Answer(const json* id, Reply reply) : has_id_(id != nullptr), id_(id ? *id : json()), reply_(std::move(reply)) {}
    void operator()(const Status& s, const json& results = json::object()) const {
        json r = reply_for(has_id_ ? &id_ : nullptr, s);
        if (s.ok()) r.update(results);
        reply_(to_line(r));
    }

private:
    bool has_id_;
    json id_;
    Reply reply_;
};

// One parsed request, as a command's handler sees it.
struct Request {
    Controller& controller;
    const json& fields;
    const std::string& command;
    Args args;
    Answer answer;

    // Answers now; the handler returns what this returns (no Pending).
    Pending reply(const Status& s, const json& results = json::object()) {
        answer(s, results);
        return nullptr;
    }
    // Answers the first argument error, if there is one.
    Pending refuse() { return reply(Status::fail(args.error())); }
};

Pending handle_windows(Request& r) {
    r.args.allow({});
    if (!r.args.ok()) return r.refuse();
    json list = json::array();
    for (const WindowInfo& w : r.controller.windows()) list.push_back(window_json(w));
    return r.reply({}, {{"windows", list}});
}

Pending handle_wait_window(Request& r) {
    r.args.allow({"app_id", "title", "timeout_ms"});
    Controller::WindowQuery query{r.args.string("app_id", false), r.args.string("title", false)};
    const int timeout = r.args.integer("timeout_ms", false, 0, kMaxTimeoutMs).value_or(0);
    if (!r.args.ok()) return r.refuse();
    return r.controller.wait_window(query, timeout, [answer = r.answer](Status s, const WindowInfo& w) {
        answer(s, {{"window", window_json(w)}});
    });
}

Pending handle_wait_idle(Request& r) {
    r.args.allow({"quiet_ms", "timeout_ms"});
    const int quiet = r.args.integer("quiet_ms", false, 1, kMaxQuietMs).value_or(kDefaultQuietMs);
    const int timeout = r.args.integer("timeout_ms", false, 0, kMaxTimeoutMs).value_or(0);
    if (!r.args.ok()) return r.refuse();
    return r.controller.wait_idle(quiet, timeout, [answer = r.answer](Status s) { answer(s); });
}

Pending handle_pointer(Request& r) {
    if (r.fields.contains("dx") || r.fields.contains("dy")) {
        r.args.allow({"dx", "dy"}); // a distance: no window
        const auto dx = r.args.number("dx", true), dy = r.args.number("dy", true);
        if (!r.args.ok()) return r.refuse();
        return r.reply(r.controller.pointer_by(*dx, *dy));
    }
    r.args.allow({"x", "y", "window"});
    const auto x = r.args.number("x", true), y = r.args.number("y", true);
    const auto window = r.args.window("window", false);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.pointer({*x, *y}, window));
}

Pending handle_click(Request& r) {
    r.args.allow({"x", "y", "window", "button", "count"});
    const auto x = r.args.number("x", false), y = r.args.number("y", false);
    const auto window = r.args.window("window", false);
    const auto button_name = r.args.string("button", false);
    const int count = r.args.integer("count", false, 1, Controller::kMaxClickCount).value_or(1);
    if (r.args.ok() && x.has_value() != y.has_value()) return r.reply(Status::fail("click needs both x and y, or neither"));
    const auto button = parse_button(button_name.value_or("left"));
    if (r.args.ok() && !button)
        return r.reply(Status::fail("unknown button \"" + *button_name + "\" (expected left, middle or right)"));
    if (!r.args.ok()) return r.refuse();
    std::optional<Controller::Point> at;
    if (x) at = Controller::Point{*x, *y};
    return r.reply(r.controller.click(at, window, *button, count));
}

Pending handle_scroll(Request& r) {
    r.args.allow({"dx", "dy", "window"});
    const auto dx = r.args.number("dx", true), dy = r.args.number("dy", true);
    const auto window = r.args.window("window", false);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.scroll(*dx, *dy, window));
}

Pending handle_touch(Request& r) {
    r.args.allow({"phase", "id", "x", "y", "window"});
    const auto phase_name = r.args.string("phase", true);
    const auto touch_id = r.args.integer("id", true, 0, INT32_MAX);
    std::optional<Controller::TouchPhase> phase;
    if (phase_name == "down") phase = Controller::TouchPhase::Down;
    else if (phase_name == "move") phase = Controller::TouchPhase::Move;
    else if (phase_name == "up") phase = Controller::TouchPhase::Up;
    if (r.args.ok() && !phase)
        return r.reply(Status::fail("unknown touch phase \"" + *phase_name + "\" (expected down, move or up)"));
    const bool up = phase == Controller::TouchPhase::Up;
    if (up) r.args.allow({"phase", "id"}); // an up has no position
    const auto x = up ? std::optional<double>(0) : r.args.number("x", true);
    const auto y = up ? std::optional<double>(0) : r.args.number("y", true);
    const auto window = up ? std::nullopt : r.args.window("window", false);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.touch(*phase, int32_t(*touch_id), {*x, *y}, window));
}

Pending handle_gesture(Request& r) {
    r.args.allow({"kind", "phase", "fingers", "dx", "dy", "scale", "rotation"});
    const auto kind = r.args.string("kind", true);
    const auto phase = r.args.string("phase", true);
    GestureEvent e;
    if (r.args.ok()) {
        if (*kind == "swipe") e.kind = GestureEvent::Kind::Swipe;
        else if (*kind == "pinch") e.kind = GestureEvent::Kind::Pinch;
        else if (*kind == "hold") e.kind = GestureEvent::Kind::Hold;
        else return r.reply(Status::fail("unknown gesture \"" + *kind + "\" (expected swipe, pinch or hold)"));
        if (*phase == "begin") e.phase = GestureEvent::Phase::Begin;
        else if (*phase == "update") e.phase = GestureEvent::Phase::Update;
        else if (*phase == "end" || *phase == "cancel") e.phase = GestureEvent::Phase::End;
        else return r.reply(Status::fail("unknown gesture phase \"" + *phase + "\" (expected begin, update, end or cancel)"));
        e.cancelled = *phase == "cancel";
    }
    e.fingers = uint32_t(r.args.integer("fingers", r.args.ok() && e.phase == GestureEvent::Phase::Begin, 0, 1000).value_or(0));
    e.dx = r.args.number("dx", false).value_or(0);
    e.dy = r.args.number("dy", false).value_or(0);
    e.scale = r.args.number("scale", false).value_or(1);
    e.rotation = r.args.number("rotation", false).value_or(0);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.gesture(e));
}

Pending handle_key(Request& r) {
    r.args.allow({"combos"});
    const auto combos = r.args.strings("combos", true);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.key(*combos));
}

Pending handle_type(Request& r) {
    r.args.allow({"text"});
    const auto text = r.args.string("text", true);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.type(*text));
}

// focus and close: one window each.
std::optional<WindowSelector> the_window(Request& r) {
    r.args.allow({"window"});
    return r.args.window("window", true);
}

Pending handle_focus(Request& r) {
    const auto window = the_window(r);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.focus(*window));
}

Pending handle_close(Request& r) {
    const auto window = the_window(r);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.close(*window));
}

Pending handle_screenshot(Request& r) {
    r.args.allow({"path", "window", "output"});
    const auto path = r.args.string("path", true);
    const auto window = r.args.window("window", false);
    const auto output = r.args.string("output", false);
    // The compositor's working directory is not the requester's.
    if (r.args.ok() && (path->empty() || (*path)[0] != '/'))
        return r.reply(Status::fail("screenshot path \"" + *path + "\" is not absolute"));
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.screenshot(*path, window, output));
}

Pending handle_outputs(Request& r) {
    r.args.allow({});
    if (!r.args.ok()) return r.refuse();
    json list = json::array();
    for (const OutputInfo& o : r.controller.outputs()) list.push_back(output_json(o));
    return r.reply({}, {{"outputs", list}});
}

Pending handle_output_add(Request& r) {
    r.args.allow({"spec"});
    const auto spec = r.args.string("spec", true);
    if (!r.args.ok()) return r.refuse();
    std::string name;
    const Status s = r.controller.output_add(*spec, &name);
    return r.reply(s, {{"name", name}});
}

Pending handle_output_remove(Request& r) {
    r.args.allow({"name"});
    const auto name = r.args.string("name", true);
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.output_remove(*name));
}

Pending handle_output_set(Request& r) {
    r.args.allow({"name", "width", "height", "scale", "refresh", "x", "y"});
    const auto name = r.args.string("name", true);
    Controller::OutputSettings set;
    set.width = r.args.integer("width", false, 1, kMaxOutputSide);
    set.height = r.args.integer("height", false, 1, kMaxOutputSide);
    // A number from 1 to kMaxOutputScale, rounded to the nearest 1/120.
    if (const std::optional<double> scale = r.args.number("scale", false)) {
        int32_t n = 0;
        if (!scale120_from_double(*scale, &n))
            return r.reply(Status::fail("output_set: scale " + std::to_string(*scale) +
                                        " out of range (a number from 1 to " + std::to_string(kMaxOutputScale) + ")"));
        set.scale120 = n;
    }
    set.refresh_hz = r.args.integer("refresh", false, 1, kMaxOutputRefreshHz);
    set.x = r.args.integer("x", false, -kMaxOutputPosition, kMaxOutputPosition);
    set.y = r.args.integer("y", false, -kMaxOutputPosition, kMaxOutputPosition);
    if (r.args.ok() && set.width.has_value() != set.height.has_value())
        return r.reply(Status::fail("output_set needs both width and height, or neither"));
    if (r.args.ok() && set.x.has_value() != set.y.has_value())
        return r.reply(Status::fail("output_set needs both x and y, or neither"));
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.output_set(*name, set));
}

Pending handle_activation_token(Request& r) {
    r.args.allow({});
    if (!r.args.ok()) return r.refuse();
    std::string token;
    const Status s = r.controller.activation_token(&token);
    return r.reply(s, {{"token", token}});
}

Pending handle_unlock(Request& r) {
    r.args.allow({});
    if (!r.args.ok()) return r.refuse();
    return r.reply(r.controller.unlock());
}

Pending handle_quit(Request& r) {
    r.args.allow({});
    if (!r.args.ok()) return r.refuse();
    if (!r.controller.on_quit) return r.reply(r.controller.quit()); // its error
    // Answer first: the session may end before the reply is sent.
    r.reply({});
    r.controller.quit();
    return nullptr;
}

// Every command, in the order the unknown-command error lists them.
struct Command {
    const char* name;
    Pending (*handle)(Request&);
};
constexpr Command kCommands[] = {
    {"windows", handle_windows},
    {"wait_window", handle_wait_window},
    {"wait_idle", handle_wait_idle},
    {"pointer", handle_pointer},
    {"click", handle_click},
    {"scroll", handle_scroll},
    {"touch", handle_touch},
    {"gesture", handle_gesture},
    {"key", handle_key},
    {"type", handle_type},
    {"focus", handle_focus},
    {"close", handle_close},
    {"screenshot", handle_screenshot},
    {"outputs", handle_outputs},
    {"output_add", handle_output_add},
    {"output_remove", handle_output_remove},
    {"output_set", handle_output_set},
    {"activation_token", handle_activation_token},
    {"unlock", handle_unlock},
    {"quit", handle_quit},
};

// "windows, wait_window, ... or quit".
std::string command_names() {
    std::string names;
    const size_t n = std::size(kCommands);
    for (size_t i = 0; i < n; ++i) names += (i == 0 ? "" : i + 1 == n ? " or " : ", ") + std::string(kCommands[i].name);
    return names;
}
} // namespace

std::unique_ptr<Controller::Pending> handle_request(Controller& c, const std::string& line, Reply reply) {
    if (line.size() > kMaxRequestBytes) {
        reply(error_line("request of " + std::to_string(line.size()) + " bytes; at most " +
                         std::to_string(kMaxRequestBytes)));
        return nullptr;
    }
    if (const int depth = nesting_depth(line); depth > kMaxDepth) {
        reply(error_line("request nested " + std::to_string(depth) + " deep; at most " + std::to_string(kMaxDepth)));
        return nullptr;
    }
    json request;
    try {
        request = json::parse(line);
    } catch (const json::exception& e) { // parse_error, or out_of_range for a number like 1e400
        // "[json.exception.parse_error.101] parse error at line 1, ...": keep
        // what follows the tag.
        std::string what = e.what();
        if (const size_t tag = what.find("] "); tag != std::string::npos) what = what.substr(tag + 2);
        reply(error_line("not JSON: " + what));
        return nullptr;
    }
    if (!request.is_object()) {
        reply(error_line(std::string("a request must be a JSON object, not ") + type_name(request)));
        return nullptr;
    }
    const auto id_it = request.find("id");
    const Answer answer(id_it != request.end() ? &*id_it : nullptr, std::move(reply));

    const auto command_it = request.find("command");
    if (command_it == request.end() || !command_it->is_string()) {
        answer(Status::fail("a request needs \"command\", a string"));
        return nullptr;
    }
    const std::string command = command_it->get<std::string>();
    for (const Command& known : kCommands) {
        if (command != known.name) continue;
        Request r{c, request, command, Args(request, command), answer};
        return known.handle(r);
    }
    answer(Status::fail("unknown command \"" + command + "\" (expected " + command_names() + ")"));
    return nullptr;
}

} // namespace shoji::control_protocol
