#include "control/protocol.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <initializer_list>
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

json output_json(const OutputInfo& o) {
    return json{{"name", o.name},   {"x", o.x},
                {"y", o.y},         {"width", o.width},
                {"height", o.height}, {"pixel_width", o.pixel_width},
                {"pixel_height", o.pixel_height}, {"scale", o.scale},
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

std::unique_ptr<Controller::Pending> handle_request(Controller& c, const std::string& line, Reply reply) {
    using Status = Controller::Status;
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
    const json* id = request.contains("id") ? &request["id"] : nullptr;
    const json id_copy = id ? *id : json();
    auto answer = [&](const Status& s, json results = json::object()) {
        json r = reply_for(id, s);
        if (s.ok()) r.update(results);
        reply(to_line(r));
        return nullptr;
    };

    const auto command_it = request.find("command");
    if (command_it == request.end() || !command_it->is_string())
        return answer(Status::fail("a request needs \"command\", a string"));
    const std::string command = command_it->get<std::string>();
    Args args(request, command);

    if (command == "windows") {
        args.allow({});
        if (!args.ok()) return answer(Status::fail(args.error()));
        json list = json::array();
        for (const WindowInfo& w : c.windows()) list.push_back(window_json(w));
        return answer({}, {{"windows", list}});
    }
    if (command == "wait_window") {
        args.allow({"app_id", "title", "timeout_ms"});
        Controller::WindowQuery query{args.string("app_id", false), args.string("title", false)};
        const int timeout = args.integer("timeout_ms", false, 0, kMaxTimeoutMs).value_or(0);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return c.wait_window(query, timeout, [reply, id_copy, has_id = id != nullptr](Status s, const WindowInfo& w) {
            json r = reply_for(has_id ? &id_copy : nullptr, s);
            if (s.ok()) r["window"] = window_json(w);
            reply(to_line(r));
        });
    }
    if (command == "wait_idle") {
        args.allow({"quiet_ms", "timeout_ms"});
        const int quiet = args.integer("quiet_ms", false, 1, kMaxQuietMs).value_or(kDefaultQuietMs);
        const int timeout = args.integer("timeout_ms", false, 0, kMaxTimeoutMs).value_or(0);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return c.wait_idle(quiet, timeout, [reply, id_copy, has_id = id != nullptr](Status s) {
            reply(to_line(reply_for(has_id ? &id_copy : nullptr, s)));
        });
    }
    if (command == "pointer" && (request.contains("dx") || request.contains("dy"))) {
        args.allow({"dx", "dy"}); // a distance: no window
        const auto dx = args.number("dx", true), dy = args.number("dy", true);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.pointer_by(*dx, *dy));
    }
    if (command == "pointer") {
        args.allow({"x", "y", "window"});
        const auto x = args.number("x", true), y = args.number("y", true);
        const auto window = args.window("window", false);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.pointer({*x, *y}, window));
    }
    if (command == "click") {
        args.allow({"x", "y", "window", "button", "count"});
        const auto x = args.number("x", false), y = args.number("y", false);
        const auto window = args.window("window", false);
        const auto button_name = args.string("button", false);
        const int count = args.integer("count", false, 1, Controller::kMaxClickCount).value_or(1);
        if (args.ok() && x.has_value() != y.has_value()) return answer(Status::fail("click needs both x and y, or neither"));
        const auto button = parse_button(button_name.value_or("left"));
        if (args.ok() && !button)
            return answer(Status::fail("unknown button \"" + *button_name + "\" (expected left, middle or right)"));
        if (!args.ok()) return answer(Status::fail(args.error()));
        std::optional<Controller::Point> at;
        if (x) at = Controller::Point{*x, *y};
        return answer(c.click(at, window, *button, count));
    }
    if (command == "scroll") {
        args.allow({"dx", "dy", "window"});
        const auto dx = args.number("dx", true), dy = args.number("dy", true);
        const auto window = args.window("window", false);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.scroll(*dx, *dy, window));
    }
    if (command == "touch") {
        args.allow({"phase", "id", "x", "y", "window"});
        const auto phase_name = args.string("phase", true);
        const auto touch_id = args.integer("id", true, 0, INT32_MAX);
        std::optional<Controller::TouchPhase> phase;
        if (phase_name == "down") phase = Controller::TouchPhase::Down;
        else if (phase_name == "move") phase = Controller::TouchPhase::Move;
        else if (phase_name == "up") phase = Controller::TouchPhase::Up;
        if (args.ok() && !phase)
            return answer(Status::fail("unknown touch phase \"" + *phase_name + "\" (expected down, move or up)"));
        const bool up = phase == Controller::TouchPhase::Up;
        if (up) args.allow({"phase", "id"}); // an up has no position
        const auto x = up ? std::optional<double>(0) : args.number("x", true);
        const auto y = up ? std::optional<double>(0) : args.number("y", true);
        const auto window = up ? std::nullopt : args.window("window", false);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.touch(*phase, int32_t(*touch_id), {*x, *y}, window));
    }
    if (command == "key") {
        args.allow({"combos"});
        const auto combos = args.strings("combos", true);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.key(*combos));
    }
    if (command == "type") {
        args.allow({"text"});
        const auto text = args.string("text", true);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.type(*text));
    }
    if (command == "focus" || command == "close") {
        args.allow({"window"});
        const auto window = args.window("window", true);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(command == "focus" ? c.focus(*window) : c.close(*window));
    }
    if (command == "outputs") {
        args.allow({});
        if (!args.ok()) return answer(Status::fail(args.error()));
        json list = json::array();
        for (const OutputInfo& o : c.outputs()) list.push_back(output_json(o));
        return answer({}, {{"outputs", list}});
    }
    if (command == "output_add") {
        args.allow({"spec"});
        const auto spec = args.string("spec", true);
        if (!args.ok()) return answer(Status::fail(args.error()));
        std::string name;
        const Status s = c.output_add(*spec, &name);
        return answer(s, {{"name", name}});
    }
    if (command == "output_remove") {
        args.allow({"name"});
        const auto name = args.string("name", true);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.output_remove(*name));
    }
    if (command == "output_set") {
        args.allow({"name", "width", "height", "scale", "x", "y"});
        const auto name = args.string("name", true);
        Controller::OutputSettings set;
        set.width = args.integer("width", false, 1, kMaxOutputSide);
        set.height = args.integer("height", false, 1, kMaxOutputSide);
        set.scale = args.integer("scale", false, 1, kMaxOutputScale);
        set.x = args.integer("x", false, -kMaxOutputPosition, kMaxOutputPosition);
        set.y = args.integer("y", false, -kMaxOutputPosition, kMaxOutputPosition);
        if (args.ok() && set.width.has_value() != set.height.has_value())
            return answer(Status::fail("output_set needs both width and height, or neither"));
        if (args.ok() && set.x.has_value() != set.y.has_value())
            return answer(Status::fail("output_set needs both x and y, or neither"));
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.output_set(*name, set));
    }
    if (command == "screenshot") {
        args.allow({"path", "window", "output"});
        const auto path = args.string("path", true);
        const auto window = args.window("window", false);
        const auto output = args.string("output", false);
        // The compositor's working directory is not the requester's.
        if (args.ok() && (path->empty() || (*path)[0] != '/'))
            return answer(Status::fail("screenshot path \"" + *path + "\" is not absolute"));
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.screenshot(*path, window, output));
    }
    if (command == "gesture") {
        args.allow({"kind", "phase", "fingers", "dx", "dy", "scale", "rotation"});
        const auto kind = args.string("kind", true);
        const auto phase = args.string("phase", true);
        GestureEvent e;
        if (args.ok()) {
            if (*kind == "swipe") e.kind = GestureEvent::Kind::Swipe;
            else if (*kind == "pinch") e.kind = GestureEvent::Kind::Pinch;
            else if (*kind == "hold") e.kind = GestureEvent::Kind::Hold;
            else return answer(Status::fail("unknown gesture \"" + *kind + "\" (expected swipe, pinch or hold)"));
            if (*phase == "begin") e.phase = GestureEvent::Phase::Begin;
            else if (*phase == "update") e.phase = GestureEvent::Phase::Update;
            else if (*phase == "end" || *phase == "cancel") e.phase = GestureEvent::Phase::End;
            else return answer(Status::fail("unknown gesture phase \"" + *phase + "\" (expected begin, update, end or cancel)"));
            e.cancelled = *phase == "cancel";
        }
        e.fingers = uint32_t(args.integer("fingers", args.ok() && e.phase == GestureEvent::Phase::Begin, 0, 1000).value_or(0));
        e.dx = args.number("dx", false).value_or(0);
        e.dy = args.number("dy", false).value_or(0);
        e.scale = args.number("scale", false).value_or(1);
        e.rotation = args.number("rotation", false).value_or(0);
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.gesture(e));
    }
    if (command == "activation_token") {
        args.allow({});
        if (!args.ok()) return answer(Status::fail(args.error()));
        std::string token;
        const Status s = c.activation_token(&token);
        return answer(s, {{"token", token}});
    }
    if (command == "unlock") {
        args.allow({});
        if (!args.ok()) return answer(Status::fail(args.error()));
        return answer(c.unlock());
    }
    if (command == "quit") {
        args.allow({});
        if (!args.ok()) return answer(Status::fail(args.error()));
        if (!c.on_quit) return answer(c.quit()); // its error
        // Answer first: the session may end before the reply is sent.
        answer({});
        c.quit();
        return nullptr;
    }
    return answer(Status::fail("unknown command \"" + command +
                               "\" (expected windows, wait_window, wait_idle, pointer, click, scroll, touch, gesture, key, "
                               "type, focus, close, screenshot, outputs, output_add, output_remove, output_set, "
                               "activation_token, unlock or quit)"));
}

} // namespace shoji::control_protocol
