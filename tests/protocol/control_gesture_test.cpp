// The control requests of issue 14 (`shoji ctl gesture ...`,
// `shoji ctl activation-token`) through the control protocol, as the socket
// carries them, against real clients: gestures reach the gesture objects of
// the window under the pointer; a compositor token activates a window.
#include <string>

#include <nlohmann/json.hpp>

#include "control/controller.hpp"
#include "control/protocol.hpp"
#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "pointer-gestures-unstable-v1-client-protocol.h"
#include "seat/wl_seat.hpp"
#include "xdg-activation-v1-client-protocol.h"

namespace shoji::test {
namespace {

using json = nlohmann::json;

class ControlGestureTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        control = std::make_unique<Controller>(*server);
    }
    void TearDown() override {
        control.reset();
        buffers.clear();
        windows.clear();
        ShojiTest::TearDown();
    }
    // The reply to one request line.
    json ask(const std::string& request) {
        std::string line;
        auto pending = control_protocol::handle_request(*control, request, [&](const std::string& l) { line = l; });
        EXPECT_EQ(pending, nullptr);
        return json::parse(line);
    }
    Toplevel& map(TestClient& c) {
        windows.push_back(c.make_toplevel());
        buffers.push_back(c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888));
        c.commit_buffer(windows.back()->surface, *buffers.back());
        EXPECT_TRUE(c.commit_and_wait_frame(windows.back()->surface));
        return *windows.back();
    }
    std::unique_ptr<Controller> control;
    std::vector<std::unique_ptr<Toplevel>> windows;
    std::vector<std::unique_ptr<Buffer>> buffers;
};

TEST_F(ControlGestureTest, ASwipeReachesTheWindowUnderThePointer) {
    TestClient& c = connect();
    auto pointer = c.get_pointer();
    Toplevel& w = map(c);
    auto* gestures = bind_global<zwp_pointer_gestures_v1>(c, &zwp_pointer_gestures_v1_interface, 3);
    ASSERT_NE(gestures, nullptr);
    auto* swipe = zwp_pointer_gestures_v1_get_swipe_gesture(gestures, pointer->pointer);
    struct Seen {
        uint32_t fingers = 0;
        double dx = 0;
        int ends = 0;
    } seen;
    const zwp_pointer_gesture_swipe_v1_listener listener = {
        [](void* d, zwp_pointer_gesture_swipe_v1*, uint32_t, uint32_t, wl_surface*, uint32_t f) {
            static_cast<Seen*>(d)->fingers = f;
        },
        [](void* d, zwp_pointer_gesture_swipe_v1*, uint32_t, wl_fixed_t dx, wl_fixed_t) {
            static_cast<Seen*>(d)->dx = wl_fixed_to_double(dx);
        },
        [](void* d, zwp_pointer_gesture_swipe_v1*, uint32_t, uint32_t, int32_t) { ++static_cast<Seen*>(d)->ends; },
    };
    zwp_pointer_gesture_swipe_v1_add_listener(swipe, &listener, &seen);
    ASSERT_TRUE(c.roundtrip());

    // Nothing under the pointer: the begin fails, saying so.
    server->seat().pointer_warp(-50, -50, 10);
    json r = ask(R"({"command":"gesture","kind":"swipe","phase":"begin","fingers":3})");
    EXPECT_FALSE(r["ok"].get<bool>());
    auto [x, y] = surface_origin(c, w.surface);
    server->seat().pointer_warp(x + 5, y + 5, 20);
    EXPECT_TRUE(ask(R"({"command":"gesture","kind":"swipe","phase":"begin","fingers":3})")["ok"].get<bool>());
    EXPECT_TRUE(ask(R"({"command":"gesture","kind":"swipe","phase":"update","dx":7,"dy":0})")["ok"].get<bool>());
    EXPECT_TRUE(ask(R"({"command":"gesture","kind":"swipe","phase":"end"})")["ok"].get<bool>());
    ASSERT_TRUE(c.dispatch_until([&] { return seen.ends == 1; }));
    EXPECT_EQ(seen.fingers, 3u);
    EXPECT_EQ(seen.dx, 7);
    // No gesture under way now; out-of-range values are refused.
    EXPECT_FALSE(ask(R"({"command":"gesture","kind":"swipe","phase":"end"})")["ok"].get<bool>());
    r = ask(R"({"command":"gesture","kind":"swipe","phase":"begin","fingers":6})");
    EXPECT_NE(r["error"].get<std::string>().find("6 fingers"), std::string::npos) << r.dump();
    r = ask(R"({"command":"gesture","kind":"hold","phase":"update"})");
    EXPECT_FALSE(r["ok"].get<bool>());
    r = ask(R"({"command":"gesture","kind":"spin","phase":"begin","fingers":2})");
    EXPECT_NE(r["error"].get<std::string>().find("spin"), std::string::npos) << r.dump();
    zwp_pointer_gesture_swipe_v1_destroy(swipe);
    zwp_pointer_gestures_v1_release(gestures);
}

TEST_F(ControlGestureTest, AnActivationTokenFromCtlFocusesTheWindowActivatedWithIt) {
    TestClient& b = connect();
    Toplevel& bw = map(b);
    TestClient& a = connect();
    Toplevel& aw = map(a);
    ASSERT_EQ(server->seat().keyboard_focus(), a.server_surface(aw.surface));
    const json r = ask(R"({"command":"activation_token"})");
    ASSERT_TRUE(r["ok"].get<bool>());
    const std::string token = r["token"].get<std::string>();
    EXPECT_FALSE(token.empty());
    EXPECT_NE(ask(R"({"command":"activation_token"})")["token"].get<std::string>(), token);
    auto* activation = bind_global<xdg_activation_v1>(b, &xdg_activation_v1_interface, 1);
    ASSERT_NE(activation, nullptr);
    xdg_activation_v1_activate(activation, token.c_str(), bw.surface);
    ASSERT_TRUE(b.roundtrip());
    EXPECT_EQ(server->seat().keyboard_focus(), b.server_surface(bw.surface));
    xdg_activation_v1_destroy(activation);
}

} // namespace
} // namespace shoji::test
