// EventLog (`shoji --events`) on the in-process server: the lines a client's
// requests give, and each client-mistake warning, triggered by a client that
// makes that mistake, and not given to one that does not. (The shm-client
// mistakes, the disconnect reasons and a whole session with the real
// executable: tests/clients/events.sh.)
#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ext-session-lock-v1-client-protocol.h"
#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "observe/event_log.hpp"
#include "shell/ext_session_lock_manager_v1.hpp"
#include "xdg-shell-client-protocol.h"

namespace shoji::test {
namespace {

class EventLogTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        file_ = open_memstream(&text_, &size_);
        ASSERT_NE(file_, nullptr);
        log_ = std::make_unique<EventLog>(*server, file_);
    }
    void TearDown() override {
        log_.reset();
        std::fclose(file_);
        std::free(text_);
        ShojiTest::TearDown();
    }

    // Every line so far (the log flushes each one).
    std::vector<nlohmann::json> lines() const {
        std::vector<nlohmann::json> out;
        const std::string all(text_, size_);
        size_t start = 0;
        for (size_t end; (end = all.find('\n', start)) != std::string::npos; start = end + 1)
            out.push_back(nlohmann::json::parse(all.substr(start, end - start)));
        return out;
    }
    std::vector<nlohmann::json> events(const std::string& name) const {
        std::vector<nlohmann::json> out;
        for (auto& j : lines()) if (j["event"] == name) out.push_back(j);
        return out;
    }
    std::vector<std::string> warnings(const std::string& kind) const {
        std::vector<std::string> out;
        for (auto& j : events("warning")) if (j["kind"] == kind) out.push_back(j["message"]);
        return out;
    }
    std::string dump() const { return std::string(text_, size_); }

    // A toplevel with a 64x48 buffer shown; set_window_geometry first if asked.
    std::unique_ptr<Toplevel> map(TestClient& c, Buffer& b, bool geometry = true) {
        auto t = c.new_toplevel();
        if (geometry) xdg_surface_set_window_geometry(t->xdg, 0, 0, b.width, b.height);
        wl_surface_commit(t->surface);
        EXPECT_TRUE(c.dispatch_until([&] { return t->configures > 0; }));
        c.ack(*t);
        c.commit_buffer(t->surface, b);
        EXPECT_TRUE(c.roundtrip());
        return t;
    }

    std::unique_ptr<EventLog> log_;

private:
    std::FILE* file_ = nullptr;
    char* text_ = nullptr;
    size_t size_ = 0;
};

TEST_F(EventLogTest, a_window_gives_connect_configure_ack_map_focus_and_damage) {
    TestClient& c = connect();
    auto keyboard = c.get_keyboard();
    auto b = c.make_buffer(64, 48);
    b->fill(0xff336699);
    auto t = map(c, *b);
    // A second buffer, damaged 10x10 only.
    auto b2 = c.make_buffer(64, 48);
    b2->fill(0xff336699);
    wl_surface_attach(t->surface, b2->buffer, 0, 0);
    wl_surface_damage_buffer(t->surface, 5, 5, 10, 10);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(c.roundtrip());

    const auto all = lines();
    ASSERT_FALSE(all.empty());
    EXPECT_EQ(all[0]["event"], "client_connect") << dump();
    for (auto& j : all) {
        EXPECT_TRUE(j["t"].is_number_integer()) << j;
        EXPECT_TRUE(j["event"].is_string()) << j;
    }
    const auto configures = events("configure"), acks = events("ack_configure");
    ASSERT_FALSE(configures.empty());
    ASSERT_FALSE(acks.empty());
    EXPECT_EQ(acks[0]["serial"], configures[0]["serial"]);
    const auto maps = events("toplevel_map");
    ASSERT_EQ(maps.size(), 1u) << dump();
    EXPECT_EQ(maps[0]["width"], 64);
    EXPECT_EQ(maps[0]["height"], 48);
    const auto focus = events("keyboard_focus");
    ASSERT_FALSE(focus.empty()) << dump();
    EXPECT_EQ(focus[0]["change"], "enter");
    EXPECT_EQ(focus[0]["toplevel"], maps[0]["toplevel"]);
    const auto commits = events("commit");
    ASSERT_GE(commits.size(), 2u);
    EXPECT_EQ(commits.front()["damage_px"], 64 * 48);
    EXPECT_EQ(commits.back()["damage_px"], 100);
    EXPECT_TRUE(events("warning").empty()) << dump();
}

TEST_F(EventLogTest, stride_with_padding_is_explained) {
    TestClient& c = connect();
    auto good = c.make_buffer(64, 48, WL_SHM_FORMAT_ARGB8888, 256);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(warnings("stride_padding").empty()) << dump();
    auto padded = c.make_buffer(64, 48, WL_SHM_FORMAT_ARGB8888, 272);
    ASSERT_TRUE(c.roundtrip()) << "padding is allowed: no protocol error";
    const auto w = warnings("stride_padding");
    ASSERT_EQ(w.size(), 1u) << dump();
    EXPECT_NE(w[0].find("stride 272 for width 64 at 4 bytes per pixel leaves 16 unused bytes"), std::string::npos) << w[0];
    EXPECT_NE(w[0].find("= 256"), std::string::npos) << w[0];
}

TEST_F(EventLogTest, ack_of_an_old_serial_is_explained) {
    TestClient& c = connect();
    auto b = c.make_buffer(64, 48);
    auto t = map(c, *b);
    xdg_toplevel_set_maximized(t->toplevel);
    ASSERT_TRUE(c.roundtrip());
    const uint32_t older = t->last_serial;
    xdg_toplevel_unset_maximized(t->toplevel);
    ASSERT_TRUE(c.roundtrip());
    const uint32_t latest = t->last_serial;
    ASSERT_NE(older, latest);
    EXPECT_TRUE(warnings("old_ack").empty()) << dump();
    xdg_surface_ack_configure(t->xdg, older);
    ASSERT_TRUE(c.roundtrip()) << "acking an older configure is allowed";
    const auto w = warnings("old_ack");
    ASSERT_EQ(w.size(), 1u) << dump();
    EXPECT_NE(w[0].find("ack_configure(" + std::to_string(older) + ") but the latest configure sent is serial " +
                        std::to_string(latest)),
              std::string::npos)
        << w[0];
    // The latest one is no mistake.
    xdg_surface_ack_configure(t->xdg, latest);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(warnings("old_ack").size(), 1u);
}

TEST_F(EventLogTest, commits_faster_than_frames_are_explained) {
    TestClient& c = connect();
    std::vector<std::unique_ptr<Buffer>> buffers;
    for (int i = 0; i < 10; ++i) buffers.push_back(c.make_buffer(64, 48));
    auto t = map(c, *buffers[0]);
    // Paced by frame callbacks: fine.
    for (int i = 1; i < 8; ++i) {
        wl_surface_attach(t->surface, buffers[i]->buffer, 0, 0);
        wl_surface_damage_buffer(t->surface, 0, 0, 64, 48);
        ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    }
    EXPECT_TRUE(warnings("commits_faster_than_frames").empty()) << dump();
    // A busy loop: new buffers committed back to back, no frame between them.
    for (int round = 0; round < 2; ++round) {
        for (int i = 0; i < 10; ++i) {
            wl_surface_attach(t->surface, buffers[i]->buffer, 0, 0);
            wl_surface_damage_buffer(t->surface, 0, 0, 64, 48);
            wl_surface_commit(t->surface);
        }
    }
    ASSERT_TRUE(c.roundtrip());
    const auto w = warnings("commits_faster_than_frames");
    ASSERT_EQ(w.size(), 1u) << dump();
    EXPECT_NE(w[0].find(std::to_string(EventLog::kBusyCommitsWarn) + " commits of a new buffer in a row"),
              std::string::npos)
        << w[0];
    EXPECT_NE(w[0].find("request wl_surface.frame"), std::string::npos) << w[0];
}

TEST_F(EventLogTest, no_window_geometry_is_explained) {
    TestClient& c = connect();
    auto b1 = c.make_buffer(64, 48);
    auto with = map(c, *b1, /*geometry=*/true);
    EXPECT_TRUE(warnings("no_window_geometry").empty()) << dump();
    auto b2 = c.make_buffer(40, 30);
    auto without = map(c, *b2, /*geometry=*/false);
    const auto w = warnings("no_window_geometry");
    ASSERT_EQ(w.size(), 1u) << dump();
    EXPECT_NE(w[0].find("surface's bounds (40x30)"), std::string::npos) << w[0];
    EXPECT_NE(w[0].find("call set_window_geometry"), std::string::npos) << w[0];
}

TEST_F(EventLogTest, protocol_error_is_logged_and_is_the_disconnect_reason) {
    TestClient& c = connect();
    auto t = c.make_toplevel();
    xdg_surface_ack_configure(t->xdg, 12345); // never sent: invalid_serial
    EXPECT_FALSE(c.roundtrip());
    ASSERT_TRUE(c.dispatch_until([&] { return c.disconnected(); }));
    const auto errors = events("protocol_error");
    ASSERT_EQ(errors.size(), 1u) << dump();
    EXPECT_EQ(errors[0]["interface"], "xdg_surface");
    EXPECT_EQ(errors[0]["code"], XDG_SURFACE_ERROR_INVALID_SERIAL);
    EXPECT_NE(errors[0]["message"].get<std::string>().find("12345"), std::string::npos) << errors[0];
    const auto gone = events("client_disconnect");
    ASSERT_EQ(gone.size(), 1u) << dump();
    EXPECT_EQ(gone[0]["reason"], "protocol_error");
    EXPECT_EQ(gone[0]["error"]["message"], errors[0]["message"]);
}

// The session lock: "lock" when the session locks (the locker's client),
// "locked" when every output shows a lock surface, "unlock" by the
// locker's unlock_and_destroy (by "client") or by `shoji ctl unlock` ("ctl").
TEST_F(EventLogTest, session_lock_and_unlock_are_logged) {
    TestClient& c = connect();
    auto* manager = bind_global<ext_session_lock_manager_v1>(c, &ext_session_lock_manager_v1_interface, 1);
    auto* output = bind_global<wl_output>(c, &wl_output_interface, 1);
    ASSERT_NE(manager, nullptr);
    ASSERT_NE(output, nullptr);
    struct Seen {
        int locked = 0;
        uint32_t serial = 0, width = 0, height = 0;
    } seen;
    static const ext_session_lock_v1_listener lock_listener = {
        [](void* d, ext_session_lock_v1*) { ++static_cast<Seen*>(d)->locked; },
        [](void*, ext_session_lock_v1*) {},
    };
    static const ext_session_lock_surface_v1_listener surface_listener = {
        [](void* d, ext_session_lock_surface_v1*, uint32_t serial, uint32_t w, uint32_t h) {
            auto* s = static_cast<Seen*>(d);
            s->serial = serial, s->width = w, s->height = h;
        },
    };
    ext_session_lock_v1* lock = ext_session_lock_manager_v1_lock(manager);
    ext_session_lock_v1_add_listener(lock, &lock_listener, &seen);
    wl_surface* surface = wl_compositor_create_surface(c.compositor);
    ext_session_lock_surface_v1* lock_surface = ext_session_lock_v1_get_lock_surface(lock, surface, output);
    ext_session_lock_surface_v1_add_listener(lock_surface, &surface_listener, &seen);
    ASSERT_TRUE(c.dispatch_until([&] { return seen.serial != 0; }));
    auto lines_now = events("session_lock");
    ASSERT_EQ(lines_now.size(), 1u) << dump();
    EXPECT_EQ(lines_now[0]["change"], "lock");
    EXPECT_EQ(lines_now[0]["client"], 1);

    ext_session_lock_surface_v1_ack_configure(lock_surface, seen.serial);
    auto b = c.make_buffer(int32_t(seen.width), int32_t(seen.height), WL_SHM_FORMAT_XRGB8888);
    c.commit_buffer(surface, *b);
    ASSERT_TRUE(c.dispatch_until([&] { return seen.locked == 1; }));
    lines_now = events("session_lock");
    ASSERT_EQ(lines_now.size(), 2u) << dump();
    EXPECT_EQ(lines_now[1]["change"], "locked");

    ext_session_lock_v1_unlock_and_destroy(lock);
    ASSERT_TRUE(c.roundtrip());
    lines_now = events("session_lock");
    ASSERT_EQ(lines_now.size(), 3u) << dump();
    EXPECT_EQ(lines_now[2]["change"], "unlock");
    EXPECT_EQ(lines_now[2]["by"], "client");
    EXPECT_EQ(lines_now[2]["client"], 1);

    // A lock whose object goes before `locked` leaves the session locked;
    // `shoji ctl unlock` (unlock_abandoned) ends it.
    ext_session_lock_v1* second = ext_session_lock_manager_v1_lock(manager);
    ASSERT_TRUE(c.roundtrip());
    ext_session_lock_v1_destroy(second);
    ASSERT_TRUE(c.roundtrip());
    ASSERT_TRUE(server->session_lock().unlock_abandoned());
    lines_now = events("session_lock");
    ASSERT_EQ(lines_now.size(), 5u) << dump();
    EXPECT_EQ(lines_now[3]["change"], "lock");
    EXPECT_EQ(lines_now[4]["change"], "unlock");
    EXPECT_EQ(lines_now[4]["by"], "ctl");
    EXPECT_FALSE(lines_now[4].contains("client"));
    ext_session_lock_surface_v1_destroy(lock_surface);
    wl_surface_destroy(surface);
    ASSERT_TRUE(c.roundtrip());
}

} // namespace
} // namespace shoji::test
