// The control socket and its JSON protocol, spoken over a raw Unix socket as
// a script in another language would: one reply per request, in order, with
// its id; and hostile input (garbage, a 10 MB line, deep nesting, unknown
// commands and fields, wrong types, a peer of another uid, too many peers),
// each answered with an error after which the session carries on.
#include <fcntl.h>
#include <signal.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "control/control_socket.hpp"
#include "control/controller.hpp"
#include "control/protocol.hpp"
#include "harness/fixture.hpp"
#include "util/fd.hpp"

namespace shoji::test {
namespace {

using json = nlohmann::json;
namespace fs = std::filesystem;

class ControlSocketTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        char dir[] = "/tmp/shoji-control-socket-XXXXXX";
        ASSERT_NE(mkdtemp(dir), nullptr);
        dir_ = dir;
        controller = std::make_unique<Controller>(*server);
        socket = std::make_unique<ControlSocket>(*controller, server->event_loop(), dir_ + "/test.ctl");
    }
    void TearDown() override {
        socket.reset();
        controller.reset();
        std::error_code ec;
        fs::remove_all(dir_, ec);
        ShojiTest::TearDown();
    }

    Fd connect_peer() {
        Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket->path().c_str());
        EXPECT_EQ(::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0) << std::strerror(errno);
        return fd;
    }

    // Writes everything, letting the server read whenever the socket is full.
    void send_all(int fd, const std::string& data) {
        for (size_t done = 0; done < data.size();) {
            const ssize_t n = send(fd, data.data() + done, data.size() - done, MSG_DONTWAIT | MSG_NOSIGNAL);
            if (n > 0) done += size_t(n);
            else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) server->dispatch(1);
            else return ADD_FAILURE() << "send: " << std::strerror(errno);
        }
    }

    // The next reply line (parsed), pumping the server meanwhile; nullopt if
    // the connection closed or nothing came in 5 s.
    std::optional<json> reply(int fd) {
        std::string& buf = unread_[fd];
        for (int i = 0; i < 5000; ++i) {
            if (const size_t nl = buf.find('\n'); nl != std::string::npos) {
                const std::string line = buf.substr(0, nl);
                buf.erase(0, nl + 1);
                return json::parse(line);
            }
            server->dispatch(1);
            char chunk[4096];
            const ssize_t n = recv(fd, chunk, sizeof chunk, MSG_DONTWAIT);
            if (n == 0) return std::nullopt;
            if (n > 0) buf.append(chunk, size_t(n));
        }
        return std::nullopt;
    }

    // One request on a fresh connection, its reply.
    json request(const std::string& line) {
        Fd fd = connect_peer();
        send_all(fd.get(), line + "\n");
        std::optional<json> r = reply(fd.get());
        EXPECT_TRUE(r) << "no reply to " << line;
        return r.value_or(json());
    }

    // The session still answers a well-formed request on this connection.
    void expect_still_served(int fd) {
        send_all(fd, R"({"command":"windows","id":"after"})" "\n");
        const std::optional<json> r = reply(fd);
        ASSERT_TRUE(r) << "no reply after the bad request";
        EXPECT_EQ((*r)["ok"], true) << r->dump();
        EXPECT_EQ((*r)["id"], "after");
    }

    static std::string error_of(const json& r) { return r.value("error", std::string()); }

    std::string dir_;
    std::unique_ptr<Controller> controller;
    std::unique_ptr<ControlSocket> socket;
    std::map<int, std::string> unread_;
};

TEST_F(ControlSocketTest, socket_is_private_to_its_user_and_named_after_the_wayland_socket) {
    struct stat st;
    ASSERT_EQ(lstat(socket->path().c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(st.st_mode & 0777, 0600u);
    EXPECT_EQ(st.st_uid, geteuid());

    setenv("XDG_RUNTIME_DIR", "/run/user/1000", 1);
    EXPECT_EQ(ControlSocket::path_for("wayland-3"), "/run/user/1000/wayland-3.ctl");
    EXPECT_EQ(ControlSocket::path_for("/tmp/x/wayland-1"), "/tmp/x/wayland-1.ctl");
    unsetenv("XDG_RUNTIME_DIR");
    EXPECT_EQ(ControlSocket::path_for("wayland-3"), "");
}

TEST_F(ControlSocketTest, a_stale_socket_is_replaced_and_other_files_are_not) {
    const std::string path = socket->path();
    socket.reset(); // removes its file
    EXPECT_FALSE(fs::exists(path));
    {
        // What a crashed session leaves: a socket file nobody listens on.
        Fd stale(::socket(AF_UNIX, SOCK_STREAM, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        ASSERT_EQ(bind(stale.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
    }
    socket = std::make_unique<ControlSocket>(*controller, server->event_loop(), path);
    EXPECT_EQ(request(R"({"command":"windows"})")["ok"], true);

    const std::string file = dir_ + "/file.ctl";
    { std::ofstream(file) << "mine"; }
    try {
        ControlSocket other(*controller, server->event_loop(), file);
        ADD_FAILURE() << "a regular file was replaced";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("exists and is not a socket"), std::string::npos) << e.what();
    }
    EXPECT_TRUE(fs::is_regular_file(file));
}

TEST_F(ControlSocketTest, each_request_gets_one_reply_with_its_id) {
    const json r = request(R"({"command":"windows","id":7})");
    EXPECT_EQ(r["ok"], true);
    EXPECT_EQ(r["id"], 7);
    EXPECT_TRUE(r["windows"].is_array());
    EXPECT_EQ(request(R"({"command":"windows","id":{"any":"json"}})")["id"], json::parse(R"({"any":"json"})"));
}

TEST_F(ControlSocketTest, windows_reply_has_every_field) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_toplevel_set_app_id(t->toplevel, "org.example.json");
    xdg_toplevel_set_title(t->toplevel, "t\xff\"itle"); // not UTF-8, and a quote
    auto b = c.make_buffer(64, 48, WL_SHM_FORMAT_XRGB8888);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    const json r = request(R"({"command":"windows"})");
    ASSERT_EQ(r["windows"].size(), 1u) << r.dump();
    const json& w = r["windows"][0];
    for (const char* field : {"id", "app_id", "title", "x", "y", "width", "height", "mapped", "activated",
                              "focused", "output", "pid"})
        EXPECT_TRUE(w.contains(field)) << field << " missing in " << w.dump();
    EXPECT_EQ(w["app_id"], "org.example.json");
    EXPECT_EQ(w["title"], "t\xef\xbf\xbd\"itle"); // the bad byte replaced, the quote escaped
    EXPECT_EQ(w["width"], 64);
    EXPECT_EQ(w["height"], 48);
    EXPECT_EQ(w["mapped"], true);
    EXPECT_EQ(w["pid"], getpid());
}

TEST_F(ControlSocketTest, garbage_gets_an_error_and_the_connection_goes_on) {
    Fd fd = connect_peer();
    for (const std::string& bad : {std::string("garbage"), std::string("{\"command\":"), std::string("\x01\x02\xff"),
                                  std::string("{}{}"), std::string("nu\0ll", 5)}) {
        send_all(fd.get(), bad + "\n");
        const std::optional<json> r = reply(fd.get());
        ASSERT_TRUE(r) << bad;
        EXPECT_EQ((*r)["ok"], false);
        EXPECT_EQ(error_of(*r).rfind("not JSON: ", 0), 0u) << error_of(*r);
    }
    expect_still_served(fd.get());
}

TEST_F(ControlSocketTest, a_10_MB_line_gets_one_error_and_the_connection_goes_on) {
    Fd fd = connect_peer();
    send_all(fd.get(), "{\"command\":\"type\",\"text\":\"" + std::string(10 * 1024 * 1024, 'x') + "\"}\n");
    const std::optional<json> r = reply(fd.get());
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)["ok"], false);
    EXPECT_EQ(error_of(*r), "request longer than 65536 bytes; the line was discarded");
    expect_still_served(fd.get());
}

TEST_F(ControlSocketTest, deep_nesting_is_refused_before_parsing) {
    Fd fd = connect_peer();
    send_all(fd.get(), std::string(30000, '[') + std::string(30000, ']') + "\n");
    std::optional<json> r = reply(fd.get());
    ASSERT_TRUE(r);
    EXPECT_EQ(error_of(*r), "request nested 30000 deep; at most 4");
    // Brackets inside strings do not count.
    send_all(fd.get(), R"({"command":"windows","id":"[[[[[[[[[["})" "\n");
    r = reply(fd.get());
    ASSERT_TRUE(r);
    EXPECT_EQ((*r)["ok"], true) << r->dump();
    expect_still_served(fd.get());
}

TEST_F(ControlSocketTest, unknown_commands_fields_and_bad_values_are_errors_naming_them) {
    const std::pair<const char*, const char*> cases[] = {
        {R"({"command":"dance"})", "unknown command \"dance\""},
        {R"({"verb":"windows"})", "a request needs \"command\", a string"},
        {R"({"command":5})", "a request needs \"command\", a string"},
        {R"([1,2])", "a request must be a JSON object, not an array"},
        {R"("windows")", "a request must be a JSON object, not a string"},
        {R"({"command":"windows","all":true})", "unknown field \"all\" for windows"},
        {R"({"command":"click","x":"10","y":20})", "field \"x\" must be a number, not a string"},
        {R"({"command":"click","x":10})", "click needs both x and y, or neither"},
        {R"({"command":"click","button":"fourth"})", "unknown button \"fourth\""},
        {R"({"command":"click","count":11})", "field \"count\" is 11, expected 1 to 10"},
        {R"({"command":"click","count":1.5})", "field \"count\" must be an integer, not a number"},
        {R"({"command":"pointer","x":1})", "pointer needs the field \"y\""},
        {R"({"command":"pointer","x":1e400,"y":1})", "not JSON"},
        {R"({"command":"wait_idle","quiet_ms":0})", "field \"quiet_ms\" is 0, expected 1 to 60000"},
        {R"({"command":"wait_idle","timeout_ms":-1})", "field \"timeout_ms\" is -1, expected 0 to 3600000"},
        {R"({"command":"wait_window","timeout_ms":18446744073709551615})", "expected 0 to 3600000"},
        {R"({"command":"key","combos":"ctrl+a"})", "field \"combos\" must be an array of strings, not a string"},
        {R"({"command":"key","combos":["a",1]})", "field \"combos\" must be an array of strings, not a number"},
        {R"({"command":"key","combos":[]})", "no key combo given"},
        {R"({"command":"focus","window":"nope"})", "bad window 'nope'"},
        {R"({"command":"close","window":"app-id=none"})", "no window app-id=none"},
        {R"({"command":"screenshot","path":"relative.png"})", "screenshot path \"relative.png\" is not absolute"},
        {R"({"command":"quit"})", "this compositor runs no session to end"},
        {R"({"command":"unlock"})", "the session is not locked"},
        {R"({"command":"unlock","now":true})", "now"},
    };
    Fd fd = connect_peer();
    for (const auto& [line, expected] : cases) {
        send_all(fd.get(), std::string(line) + "\n");
        const std::optional<json> r = reply(fd.get());
        ASSERT_TRUE(r) << line;
        EXPECT_EQ((*r)["ok"], false) << line;
        EXPECT_NE(error_of(*r).find(expected), std::string::npos) << line << " -> " << error_of(*r);
    }
    expect_still_served(fd.get());
}

// The unknown-command error lists the commands there are: each name in it
// is one the server knows, as its answer to an unknown field shows (the
// fields are checked first, so nothing is done, quit included).
TEST_F(ControlSocketTest, the_unknown_command_error_lists_exactly_the_known_commands) {
    Fd fd = connect_peer();
    send_all(fd.get(), R"({"command":"dance"})" "\n");
    const std::optional<json> r = reply(fd.get());
    ASSERT_TRUE(r);
    const std::string error = error_of(*r);
    const size_t open = error.find("(expected "), close = error.rfind(')');
    ASSERT_NE(open, std::string::npos) << error;
    std::string list = error.substr(open + 10, close - open - 10);
    const size_t last = list.rfind(" or ");
    ASSERT_NE(last, std::string::npos) << list;
    list.replace(last, 4, ", ");
    std::vector<std::string> names;
    for (size_t at = 0; at <= list.size();) {
        const size_t comma = std::min(list.find(", ", at), list.size());
        names.push_back(list.substr(at, comma - at));
        at = comma + 2;
    }
    EXPECT_GE(names.size(), 20u) << list;
    for (const std::string& name : names) {
        send_all(fd.get(), "{\"command\":\"" + name + "\",\"dance\":1}\n");
        const std::optional<json> answer = reply(fd.get());
        ASSERT_TRUE(answer) << name;
        EXPECT_EQ(error_of(*answer), "unknown field \"dance\" for " + name) << name;
    }
    expect_still_served(fd.get());
}

TEST_F(ControlSocketTest, requests_are_answered_in_order_even_behind_a_wait) {
    Fd fd = connect_peer();
    // Three at once: the wait answers first, then the two others.
    send_all(fd.get(), R"({"command":"wait_idle","quiet_ms":20,"id":1})" "\n"
                       R"({"command":"windows","id":2})" "\n"
                       "\r\n   \n" // blank lines are skipped
                       R"({"command":"dance","id":3})" "\r\n");
    for (int id : {1, 2, 3}) {
        const std::optional<json> r = reply(fd.get());
        ASSERT_TRUE(r);
        EXPECT_EQ((*r)["id"], id) << r->dump();
    }
}

TEST_F(ControlSocketTest, a_peer_that_half_closes_still_gets_its_answers) {
    Fd fd = connect_peer();
    // No final newline either: the last line ends with the input.
    send_all(fd.get(), R"({"command":"windows","id":1})" "\n" R"({"command":"wait_idle","quiet_ms":5,"id":2})");
    shutdown(fd.get(), SHUT_WR);
    EXPECT_EQ((*reply(fd.get()))["id"], 1);
    EXPECT_EQ((*reply(fd.get()))["id"], 2);
    EXPECT_FALSE(reply(fd.get())) << "the connection stays open after the last answer";
}

TEST_F(ControlSocketTest, a_peer_gone_during_a_wait_is_forgotten) {
    {
        Fd fd = connect_peer();
        send_all(fd.get(), R"({"command":"wait_window","app_id":"never"})" "\n");
        for (int i = 0; i < 10; ++i) server->dispatch(1);
        EXPECT_EQ(socket->connections(), 1u);
    }
    for (int i = 0; i < 1000 && socket->connections() > 0; ++i) server->dispatch(1);
    EXPECT_EQ(socket->connections(), 0u);
    EXPECT_EQ(request(R"({"command":"windows"})")["ok"], true);
}

TEST_F(ControlSocketTest, too_many_peers_are_refused_with_an_error) {
    std::vector<Fd> peers;
    for (size_t i = 0; i < ControlSocket::kMaxConnections; ++i) {
        peers.push_back(connect_peer());
        server->dispatch(0); // accepted, so the listen backlog never fills
    }
    for (int i = 0; i < 1000 && socket->connections() < ControlSocket::kMaxConnections; ++i) server->dispatch(1);
    ASSERT_EQ(socket->connections(), ControlSocket::kMaxConnections);
    Fd extra = connect_peer();
    const std::optional<json> r = reply(extra.get());
    ASSERT_TRUE(r);
    EXPECT_EQ(error_of(*r), "too many control connections (at most 32)");
    EXPECT_FALSE(reply(extra.get())) << "the extra peer stays connected";
    peers.pop_back();
    for (int i = 0; i < 1000 && socket->connections() == ControlSocket::kMaxConnections; ++i) server->dispatch(1);
    EXPECT_EQ(request(R"({"command":"windows"})")["ok"], true);
}

TEST_F(ControlSocketTest, a_peer_with_another_uid_is_refused) {
    if (geteuid() != 0) GTEST_SKIP() << "needs root, to run a peer as another user";
    // Open the directory and the socket to everyone: the uid check alone
    // must keep "nobody" out.
    ASSERT_EQ(chmod(dir_.c_str(), 0755), 0);
    ASSERT_EQ(chmod(socket->path().c_str(), 0666), 0);
    int out[2];
    ASSERT_EQ(pipe(out), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        close(out[0]);
        if (setgid(65534) != 0 || setuid(65534) != 0) _exit(3);
        Fd fd(::socket(AF_UNIX, SOCK_STREAM, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", socket->path().c_str());
        if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) _exit(4);
        // A served peer would wait for more replies: give up after 5 s.
        timeval limit{5, 0};
        setsockopt(fd.get(), SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
        const std::string req = R"({"command":"quit"})" "\n";
        // (The compositor may have hung up already: no SIGPIPE.)
        [[maybe_unused]] ssize_t w = send(fd.get(), req.data(), req.size(), MSG_NOSIGNAL);
        char buf[512];
        ssize_t n;
        while ((n = read(fd.get(), buf, sizeof buf)) > 0) w = write(out[1], buf, size_t(n));
        _exit(0);
    }
    close(out[1]);
    int status = 0;
    pid_t done = 0;
    for (int i = 0; i < 10000 && (done = waitpid(child, &status, WNOHANG)) == 0; ++i) server->dispatch(1);
    if (done == 0) {
        kill(child, SIGKILL);
        waitpid(child, &status, 0);
    }
    std::string got;
    char buf[512];
    for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) got.append(buf, size_t(n));
    close(out[0]);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "the peer failed: status " << status;
    EXPECT_EQ(got, R"({"error":"refused: peer uid 65534 is not the compositor's uid 0","ok":false})" "\n");
    EXPECT_EQ(socket->refused_peers(), 1u);
    int quits = 0;
    controller->on_quit = [&] { ++quits; };
    EXPECT_EQ(request(R"({"command":"windows"})")["ok"], true);
    EXPECT_EQ(quits, 0) << "the refused peer's request was carried out";
}

TEST_F(ControlSocketTest, quit_answers_then_ends_the_session) {
    int quits = 0;
    controller->on_quit = [&] { ++quits; };
    EXPECT_EQ(request(R"({"command":"quit"})")["ok"], true);
    EXPECT_EQ(quits, 1);
}

} // namespace
} // namespace shoji::test
