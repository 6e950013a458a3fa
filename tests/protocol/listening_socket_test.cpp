// Shoji's own listening socket: libwayland's naming and lock-file rules, and
// an accept that neither spins nor locks new clients out when the fd table
// is full, plus the limit on clients.
#include <dirent.h>
#include <fcntl.h>
#include <poll.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "harness/fd_table.hpp"
#include "harness/fixture.hpp"
#include "listening_socket.hpp"
#include "shm/shm_request_checks.hpp"
#include "util/fd.hpp"

namespace shoji::test {
namespace {

// A fresh $XDG_RUNTIME_DIR for each test, so socket names are predictable.
class RuntimeDir {
public:
    RuntimeDir() {
        if (const char* old = std::getenv("XDG_RUNTIME_DIR")) old_ = old, had_ = true;
        char tmpl[] = "/tmp/shoji-socket-test-XXXXXX";
        path_ = mkdtemp(tmpl);
        setenv("XDG_RUNTIME_DIR", path_.c_str(), 1);
    }
    ~RuntimeDir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
        if (had_) setenv("XDG_RUNTIME_DIR", old_.c_str(), 1);
        else unsetenv("XDG_RUNTIME_DIR");
    }
    const std::string& path() const { return path_; }

private:
    std::string path_, old_;
    bool had_ = false;
};

// A bare connection, as the first thing any client does.
Fd connect_raw(const std::string& path) {
    Fd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!fd) return fd;
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    if (connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) fd.reset();
    return fd;
}

// Whether the server closed `fd` (end of file) within `turns` dispatches.
bool closed_by_server(Server& server, int fd, int turns = 50) {
    for (int i = 0; i < turns; ++i) {
        server.dispatch(1);
        pollfd p{fd, POLLIN, 0};
        if (poll(&p, 1, 0) <= 0) continue;
        char c;
        const ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);
        if (n == 0 || (n < 0 && errno == ECONNRESET)) return true;
    }
    return false;
}

class ListeningSocketTest : public ShojiTest {
protected:
    void SetUp() override {
        runtime_ = std::make_unique<RuntimeDir>();
        ShojiTest::SetUp();
    }
    void TearDown() override {
        ShojiTest::TearDown();
        runtime_.reset();
    }
    void expect_shown(TestClient& c, Window& w, uint32_t pixel) {
        for (int i = 0; i < 3; ++i) {
            wl_surface_damage_buffer(w.toplevel->surface, 0, 0, 40, 40);
            ASSERT_TRUE(c.commit_and_wait_frame(w.toplevel->surface)) << "stalled";
        }
        EXPECT_FALSE(c.has_error());
        auto [x, y] = surface_origin(c, w.toplevel->surface);
        EXPECT_EQ(pixel_at(output_pixels().get(), x + 20, y + 20), pixel);
    }
    const ListeningSocket& listening() const { return *server->sockets().front(); }
    std::unique_ptr<RuntimeDir> runtime_;
};

TEST_F(ListeningSocketTest, names_and_lock_files_follow_libwaylands_rules) {
    const std::string name = server->add_socket("");
    EXPECT_EQ(name, "wayland-0");
    const std::string path = runtime_->path() + "/wayland-0";
    struct stat st;
    ASSERT_EQ(stat(path.c_str(), &st), 0);
    EXPECT_TRUE(S_ISSOCK(st.st_mode));
    EXPECT_EQ(stat((path + ".lock").c_str(), &st), 0);
    EXPECT_EQ(listening().path(), path);

    {
        // Another compositor: the name is locked, the next one is free.
        Server other(config());
        EXPECT_THROW(other.add_socket("wayland-0"), std::runtime_error);
        EXPECT_EQ(other.add_socket(""), "wayland-1");
        // An absolute name is used as it is.
        const std::string absolute = runtime_->path() + "/elsewhere";
        EXPECT_EQ(other.add_socket(absolute), absolute);
        EXPECT_EQ(stat(absolute.c_str(), &st), 0);
    }
    EXPECT_NE(stat((runtime_->path() + "/wayland-1").c_str(), &st), 0) << "removed with its server";
    EXPECT_NE(stat((runtime_->path() + "/wayland-1.lock").c_str(), &st), 0);
    EXPECT_NE(stat((runtime_->path() + "/elsewhere").c_str(), &st), 0);

    // A socket left behind by a compositor that died (no lock) is replaced.
    {
        Fd stale(socket(AF_UNIX, SOCK_STREAM, 0));
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s/wayland-7", runtime_->path().c_str());
        ASSERT_EQ(bind(stale.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    }
    Server third(config());
    EXPECT_EQ(third.add_socket("wayland-7"), "wayland-7");

    // Clients connect by name and map.
    clients.push_back(std::make_unique<TestClient>(*server, name));
    Window w = map_window(*clients.back(), 40, 40, 0xff336699);
    expect_shown(*clients.back(), w, 0xff336699);
}

// Fifty CI jobs on one machine start fifty sessions in one runtime directory:
// past wayland-32 (where libwayland's own range ends) names are still found.
TEST_F(ListeningSocketTest, an_unnamed_socket_is_found_past_wayland_32) {
    std::vector<Fd> locks; // 40 other compositors, holding wayland-0 to wayland-39
    for (int n = 0; n < 40; ++n) {
        const std::string lock = runtime_->path() + "/wayland-" + std::to_string(n) + ".lock";
        locks.emplace_back(open(lock.c_str(), O_CREAT | O_CLOEXEC | O_RDWR, 0600));
        ASSERT_TRUE(locks.back()) << lock;
        ASSERT_EQ(flock(locks.back().get(), LOCK_EX | LOCK_NB), 0) << lock;
    }
    const std::string name = server->add_socket("");
    EXPECT_EQ(name, "wayland-40");
    clients.push_back(std::make_unique<TestClient>(*server, name));
    Window w = map_window(*clients.back(), 40, 40, 0xff336699);
    expect_shown(*clients.back(), w, 0xff336699);
}

TEST_F(ListeningSocketTest, the_soft_fd_limit_is_raised_to_the_hard_limit) {
    rlimit r{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &r), 0);
    if (r.rlim_max < 512) GTEST_SKIP() << "hard fd limit too low to lower the soft one";
    FdLimit low(256);
    Server another(config());
    rlimit now{};
    ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &now), 0);
    EXPECT_EQ(now.rlim_cur, now.rlim_max);
}

// The table is full (here the test takes every slot itself, as a client's
// queued fds would): the newcomer is accepted with the reserve fd and closed
// at once, so it sees its connection closed instead of waiting for ever,
// and the socket is not left readable for the event loop to spin on.
TEST_F(ListeningSocketTest, out_of_fds_a_newcomer_is_closed_at_once_and_accept_does_not_spin) {
    const std::string name = server->add_socket("");
    TestClient& bystander = connect();
    Window shown = map_window(bystander, 40, 40, 0xff2266aa);
    for (int i = 0; i < 5; ++i) expect_shown(bystander, shown, 0xff2266aa); // output buffers exist

    uint64_t refused = 0;
    {
        FdLimit low(rlim_t(highest_open_fd() + 1 + 32));
        std::vector<Fd> taken = fill_fd_table();
        ASSERT_FALSE(taken.empty());
        taken.pop_back(); // one slot, for the newcomer's own end
        Fd newcomer = connect_raw(listening().path());
        ASSERT_TRUE(newcomer);
        EXPECT_TRUE(closed_by_server(*server, newcomer.get())) << "the newcomer was left hanging";
        refused = listening().refused();
        EXPECT_EQ(refused, 1u);
        // A second one, within the same second (its log line is suppressed).
        newcomer.reset();
        Fd again = connect_raw(listening().path());
        ASSERT_TRUE(again);
        EXPECT_TRUE(closed_by_server(*server, again.get()));
        EXPECT_EQ(listening().refused(), 2u);
        // Others are unaffected meanwhile.
        expect_shown(bystander, shown, 0xff2266aa);
    }
    // fds are free again: a new client connects and maps.
    clients.push_back(std::make_unique<TestClient>(*server, name));
    Window w = map_window(*clients.back(), 40, 40, 0xff993311);
    expect_shown(*clients.back(), w, 0xff993311);
    expect_shown(bystander, shown, 0xff2266aa);
}

// The table is full, and one client makes Shoji keep many fds (sealed
// pools): that client is disconnected and the newcomer gets in and maps.
TEST_F(ListeningSocketTest, out_of_fds_the_client_holding_the_most_is_disconnected_for_a_newcomer) {
    const std::string name = server->add_socket("");
    TestClient& bystander = connect();
    Window shown = map_window(bystander, 40, 40, 0xff2266aa);
    for (int i = 0; i < 5; ++i) expect_shown(bystander, shown, 0xff2266aa);

    TestClient& hog = connect();
    auto file = hog.make_pool(4096);
    ASSERT_EQ(fcntl(file->fd, F_ADD_SEALS, F_SEAL_SHRINK), 0);
    for (int i = 1; i < ShmRequestChecks::kMaxHeldFdsPerClient; ++i) wl_shm_create_pool(hog.shm, file->fd, 4096);
    ASSERT_TRUE(hog.roundtrip());
    ASSERT_EQ(server->shm_checks().usage(hog.server_client()).held_fds, ShmRequestChecks::kMaxHeldFdsPerClient);

    std::unique_ptr<TestClient> newcomer;
    {
        FdLimit low(rlim_t(highest_open_fd() + 1 + 32));
        std::vector<Fd> taken = fill_fd_table();
        ASSERT_FALSE(taken.empty());
        taken.pop_back();
        newcomer = std::make_unique<TestClient>(*server, name);
        EXPECT_TRUE(hog.disconnected());
        EXPECT_EQ(listening().evicted(), 1u);
        Window w = map_window(*newcomer, 40, 40, 0xff117733);
        expect_shown(*newcomer, w, 0xff117733);
        expect_shown(bystander, shown, 0xff2266aa);
    }
}

// Clients beyond kMaxClients are closed at once; once one leaves, the next
// gets in.
TEST_F(ListeningSocketTest, clients_past_the_limit_are_refused) {
    const std::string name = server->add_socket("");
    std::vector<Fd> connections;
    wl_list* list = wl_display_get_client_list(server->display());
    for (int i = 0; i < ListeningSocket::kMaxClients; ++i) {
        connections.push_back(connect_raw(listening().path()));
        server->dispatch(0); // accepts (the backlog holds only so many)
    }
    for (int i = 0; i < 100 && wl_list_length(list) < ListeningSocket::kMaxClients; ++i) server->dispatch(1);
    ASSERT_EQ(wl_list_length(list), ListeningSocket::kMaxClients);
    Fd one_too_many = connect_raw(listening().path());
    EXPECT_TRUE(closed_by_server(*server, one_too_many.get()));
    EXPECT_EQ(listening().refused(), 1u);
    EXPECT_EQ(wl_list_length(list), ListeningSocket::kMaxClients);

    connections.pop_back();
    for (int i = 0; i < 100 && wl_list_length(list) == ListeningSocket::kMaxClients; ++i) server->dispatch(1);
    clients.push_back(std::make_unique<TestClient>(*server, name));
    Window w = map_window(*clients.back(), 40, 40, 0xff445566);
    expect_shown(*clients.back(), w, 0xff445566);
}

} // namespace
} // namespace shoji::test
