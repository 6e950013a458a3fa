#include "cli/ctl.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/ctl_args.hpp"
#include "control/control_socket.hpp"
#include "output/output_spec.hpp"
#include "util/fd.hpp"

namespace shoji {

namespace {
using json = nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr int kExitFailed = 1, kExitUsage = 2;
// A reply longer than this is not from Shoji (its longest, a window list,
// is far shorter): give up rather than grow without bound.
constexpr size_t kMaxReplyBytes = 64 * 1024 * 1024;

std::string one_line(std::string s) {
    std::replace(s.begin(), s.end(), '\n', ' ');
    return s;
}

int failed(const std::string& command, const std::string& why) {
    std::fprintf(stderr, "shoji ctl: %s%s%s\n", command.c_str(), command.empty() ? "" : ": ", one_line(why).c_str());
    return kExitFailed;
}

Fd connect_to(const std::string& path, std::string* error) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) {
        *error = "control socket path too long: " + path;
        return Fd();
    }
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) {
        *error = std::string("socket: ") + std::strerror(errno);
        return Fd();
    }
    if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        const int err = errno;
        if (err == ENOENT) *error = "no control socket at " + path + " (is the session running?)";
        else if (err == ECONNREFUSED) *error = "nothing listens on " + path + " (has the session ended?)";
        else *error = "cannot connect to " + path + ": " + std::strerror(err);
        return Fd();
    }
    return fd;
}

bool write_all(int fd, const std::string& data) {
    for (size_t done = 0; done < data.size();) {
        const ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        done += size_t(n);
    }
    return true;
}

// One reply line, or "" and `error`.
std::string read_line(int fd, int deadline_ms, std::string* error) {
    std::string got;
    const auto deadline = Clock::now() + std::chrono::milliseconds(deadline_ms);
    for (;;) {
        if (const size_t nl = got.find('\n'); nl != std::string::npos) return got.substr(0, nl);
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            *error = "no answer from the compositor in " + std::to_string(deadline_ms / 1000) + " s";
            return "";
        }
        pollfd p{fd, POLLIN, 0};
        const int r = poll(&p, 1, int(std::min<long long>(left, INT_MAX)));
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) continue; // the deadline check above decides
        char buf[65536];
        const ssize_t n = recv(fd, buf, sizeof buf, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            *error = "the compositor closed the connection without answering (has the session ended?)";
            return "";
        }
        got.append(buf, size_t(n));
        if (got.size() > kMaxReplyBytes) {
            *error = "the reply is longer than " + std::to_string(kMaxReplyBytes) + " bytes";
            return "";
        }
    }
}

std::string str(const json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

void print_table(const std::vector<std::vector<std::string>>& rows);

void print_windows(const json& windows) {
    // The title last, quoted.
    std::vector<std::vector<std::string>> rows = {{"ID", "APP_ID", "GEOMETRY", "STATE", "OUTPUT", "PID", "TITLE"}};
    for (const json& w : windows) {
        std::string state;
        for (const char* flag : {"mapped", "activated", "focused"})
            if (w.value(flag, false)) state += std::string(state.empty() ? "" : ",") + flag;
        rows.push_back({std::to_string(w.value("id", 0)), str(w, "app_id"),
                        std::to_string(w.value("width", 0)) + "x" + std::to_string(w.value("height", 0)) + "+" +
                            std::to_string(w.value("x", 0)) + "+" + std::to_string(w.value("y", 0)),
                        state.empty() ? "-" : state, str(w, "output").empty() ? "-" : str(w, "output"),
                        std::to_string(w.value("pid", 0)), json(str(w, "title")).dump(-1, ' ', false, json::error_handler_t::replace)});
    }
    print_table(rows);
}

// Columns padded to their widest cell.
void print_table(const std::vector<std::vector<std::string>>& rows) {
    std::vector<size_t> width(rows[0].size(), 0);
    for (const auto& r : rows)
        for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], r[c].size());
    for (const auto& r : rows) {
        std::string line;
        for (size_t c = 0; c < r.size(); ++c) {
            line += r[c];
            if (c + 1 < r.size()) line += std::string(width[c] - r[c].size() + 2, ' ');
        }
        std::printf("%s\n", line.c_str());
    }
}

// The reply's "scale" (2 or 1.25) as --scale takes it back.
std::string scale_text(const json& o) {
    const auto it = o.find("scale");
    if (it == o.end() || !it->is_number()) return "1";
    int32_t scale120 = kScaleUnit;
    if (!scale120_from_double(it->get<double>(), &scale120)) return it->dump();
    return format_scale(scale120);
}

void print_outputs(const json& outputs) {
    std::vector<std::vector<std::string>> rows = {{"NAME", "GEOMETRY", "PIXELS", "SCALE", "REFRESH"}};
    for (const json& o : outputs)
        rows.push_back({str(o, "name"),
                        std::to_string(o.value("width", 0)) + "x" + std::to_string(o.value("height", 0)) + "+" +
                            std::to_string(o.value("x", 0)) + "+" + std::to_string(o.value("y", 0)),
                        std::to_string(o.value("pixel_width", 0)) + "x" + std::to_string(o.value("pixel_height", 0)),
                        scale_text(o), std::to_string(o.value("refresh", 0))});
    print_table(rows);
}
} // namespace

std::string find_control_socket(const std::string& socket_name, std::string* error) {
    if (!socket_name.empty()) {
        std::string path = ControlSocket::path_for(socket_name);
        if (path.empty()) *error = "XDG_RUNTIME_DIR is not set: cannot find the socket " + socket_name;
        return path;
    }
    if (const char* ctl = std::getenv("SHOJI_CTL"); ctl && *ctl) return ctl;
    if (const char* wl = std::getenv("WAYLAND_DISPLAY"); wl && *wl) {
        std::string path = ControlSocket::path_for(wl);
        if (path.empty()) *error = std::string("XDG_RUNTIME_DIR is not set: cannot find the socket of ") + wl;
        return path;
    }
    *error = "no session to talk to: SHOJI_CTL and WAYLAND_DISPLAY are unset (or pass --socket NAME)";
    return "";
}

int run_ctl(int argc, const char* const* argv) {
    std::vector<std::string> args(argv + std::min(argc, 2), argv + argc);
    char cwd[PATH_MAX];
    std::string error;
    const auto inv = parse_ctl_args(args, getcwd(cwd, sizeof cwd) ? cwd : ".", &error);
    if (!inv) {
        std::fprintf(stderr, "shoji ctl: %s\n", error.c_str());
        return kExitUsage;
    }
    if (inv->help) {
        std::fputs(kCtlUsage, stdout);
        return 0;
    }
    const std::string path = find_control_socket(inv->socket, &error);
    if (path.empty()) return failed("", error);
    Fd fd = connect_to(path, &error);
    if (!fd) return failed("", error);
    if (!write_all(fd.get(), inv->request + "\n")) return failed(inv->command, std::string("cannot send the request: ") + std::strerror(errno));
    const std::string line = read_line(fd.get(), inv->reply_deadline_ms, &error);
    if (line.empty()) return failed(inv->command, error);

    json reply;
    try {
        reply = json::parse(line);
    } catch (const json::parse_error&) {
        return failed(inv->command, "the compositor's reply is not JSON: " + line.substr(0, 200));
    }
    if (!reply.is_object() || !reply.value("ok", false))
        return failed(inv->command, reply.is_object() ? str(reply, "error") : "unexpected reply " + line.substr(0, 200));

    if (inv->command == "windows") {
        const json windows = reply.value("windows", json::array());
        if (inv->json_output) std::printf("%s\n", windows.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
        else print_windows(windows);
    } else if (inv->command == "output" && reply.contains("outputs")) {
        const json outputs = reply.value("outputs", json::array());
        if (inv->json_output) std::printf("%s\n", outputs.dump(-1, ' ', false, json::error_handler_t::replace).c_str());
        else print_outputs(outputs);
    } else if (inv->command == "output" && reply.contains("name")) {
        std::printf("%s\n", str(reply, "name").c_str());
    } else if (inv->command == "activation-token") {
        std::printf("%s\n", str(reply, "token").c_str());
    } else if (inv->prints_window_id) {
        std::printf("%llu\n", static_cast<unsigned long long>(reply["window"].value("id", uint64_t(0))));
    }
    return std::fflush(stdout) == 0 ? 0 : failed(inv->command, "cannot write to stdout");
}

} // namespace shoji
