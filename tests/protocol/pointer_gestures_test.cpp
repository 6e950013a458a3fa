// zwp_pointer_gestures_v1 (version 3): gestures injected through
// Seat::pointer_gesture reach the gesture objects of the client under the
// pointer, begin to end on the surface the gesture began on; the others see
// nothing.
#include <string>
#include <vector>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "pointer-gestures-unstable-v1-client-protocol.h"
#include "seat/wl_seat.hpp"

namespace shoji::test {
namespace {

// Every gesture event a client got, as text: "swipe begin 3", "pinch update 1 2 1.5 10", ...
struct Log {
    std::vector<std::string> events;
    wl_surface* last_surface = nullptr;
    uint32_t last_serial = 0;
};

std::string num(double v) {
    char s[32];
    snprintf(s, sizeof s, "%g", v);
    return s;
}

const zwp_pointer_gesture_swipe_v1_listener swipe_listener = {
    [](void* d, zwp_pointer_gesture_swipe_v1*, uint32_t serial, uint32_t, wl_surface* s, uint32_t fingers) {
        auto* l = static_cast<Log*>(d);
        l->events.push_back("swipe begin " + std::to_string(fingers));
        l->last_surface = s;
        l->last_serial = serial;
    },
    [](void* d, zwp_pointer_gesture_swipe_v1*, uint32_t, wl_fixed_t dx, wl_fixed_t dy) {
        static_cast<Log*>(d)->events.push_back("swipe update " + num(wl_fixed_to_double(dx)) + " " +
                                               num(wl_fixed_to_double(dy)));
    },
    [](void* d, zwp_pointer_gesture_swipe_v1*, uint32_t, uint32_t, int32_t cancelled) {
        static_cast<Log*>(d)->events.push_back(cancelled ? "swipe cancelled" : "swipe end");
    },
};
const zwp_pointer_gesture_pinch_v1_listener pinch_listener = {
    [](void* d, zwp_pointer_gesture_pinch_v1*, uint32_t, uint32_t, wl_surface*, uint32_t fingers) {
        static_cast<Log*>(d)->events.push_back("pinch begin " + std::to_string(fingers));
    },
    [](void* d, zwp_pointer_gesture_pinch_v1*, uint32_t, wl_fixed_t dx, wl_fixed_t dy, wl_fixed_t scale,
       wl_fixed_t rotation) {
        static_cast<Log*>(d)->events.push_back(
            "pinch update " + num(wl_fixed_to_double(dx)) + " " + num(wl_fixed_to_double(dy)) + " " +
            num(wl_fixed_to_double(scale)) + " " + num(wl_fixed_to_double(rotation)));
    },
    [](void* d, zwp_pointer_gesture_pinch_v1*, uint32_t, uint32_t, int32_t cancelled) {
        static_cast<Log*>(d)->events.push_back(cancelled ? "pinch cancelled" : "pinch end");
    },
};
const zwp_pointer_gesture_hold_v1_listener hold_listener = {
    [](void* d, zwp_pointer_gesture_hold_v1*, uint32_t, uint32_t, wl_surface*, uint32_t fingers) {
        static_cast<Log*>(d)->events.push_back("hold begin " + std::to_string(fingers));
    },
    [](void* d, zwp_pointer_gesture_hold_v1*, uint32_t, uint32_t, int32_t cancelled) {
        static_cast<Log*>(d)->events.push_back(cancelled ? "hold cancelled" : "hold end");
    },
};

GestureEvent event(GestureEvent::Kind kind, GestureEvent::Phase phase) {
    GestureEvent e;
    e.kind = kind;
    e.phase = phase;
    e.time_ms = 100;
    return e;
}

class PointerGesturesTest : public ShojiTest {
protected:
    struct App {
        TestClient* client;
        std::unique_ptr<Pointer> pointer;
        std::unique_ptr<Toplevel> window;
        std::unique_ptr<Buffer> buffer;
        zwp_pointer_gestures_v1* gestures = nullptr;
        zwp_pointer_gesture_swipe_v1* swipe = nullptr;
        zwp_pointer_gesture_pinch_v1* pinch = nullptr;
        zwp_pointer_gesture_hold_v1* hold = nullptr;
        Log log;
    };
    std::unique_ptr<App> app() {
        auto a = std::make_unique<App>();
        TestClient& c = connect();
        a->client = &c;
        a->pointer = c.get_pointer();
        a->window = c.make_toplevel();
        a->buffer = c.make_buffer(50, 50, WL_SHM_FORMAT_XRGB8888);
        c.commit_buffer(a->window->surface, *a->buffer);
        EXPECT_TRUE(c.commit_and_wait_frame(a->window->surface));
        a->gestures = bind_global<zwp_pointer_gestures_v1>(c, &zwp_pointer_gestures_v1_interface, 3);
        EXPECT_NE(a->gestures, nullptr) << "no zwp_pointer_gestures_v1 global";
        if (!a->gestures) return a;
        EXPECT_EQ(wl_proxy_get_version(reinterpret_cast<wl_proxy*>(a->gestures)), 3u);
        a->swipe = zwp_pointer_gestures_v1_get_swipe_gesture(a->gestures, a->pointer->pointer);
        a->pinch = zwp_pointer_gestures_v1_get_pinch_gesture(a->gestures, a->pointer->pointer);
        a->hold = zwp_pointer_gestures_v1_get_hold_gesture(a->gestures, a->pointer->pointer);
        zwp_pointer_gesture_swipe_v1_add_listener(a->swipe, &swipe_listener, &a->log);
        zwp_pointer_gesture_pinch_v1_add_listener(a->pinch, &pinch_listener, &a->log);
        zwp_pointer_gesture_hold_v1_add_listener(a->hold, &hold_listener, &a->log);
        EXPECT_TRUE(c.roundtrip());
        return a;
    }
    void point_at(App& a) {
        auto [x, y] = surface_origin(*a.client, a.window->surface);
        server->seat().pointer_warp(x + 10, y + 10, 50);
        ASSERT_TRUE(a.client->dispatch_until([&] { return a.pointer->focus == a.window->surface; }));
    }
    void TearDown() override {
        for (auto& a : apps) {
            if (a->swipe) zwp_pointer_gesture_swipe_v1_destroy(a->swipe);
            if (a->pinch) zwp_pointer_gesture_pinch_v1_destroy(a->pinch);
            if (a->hold) zwp_pointer_gesture_hold_v1_destroy(a->hold);
            if (a->gestures) zwp_pointer_gestures_v1_release(a->gestures);
        }
        apps.clear();
        ShojiTest::TearDown();
    }
    std::vector<std::unique_ptr<App>> apps;
    App& add_app() {
        apps.push_back(app());
        return *apps.back();
    }
};

using Kind = GestureEvent::Kind;
using Phase = GestureEvent::Phase;

TEST_F(PointerGesturesTest, SwipePinchAndHoldReachTheSurfaceUnderThePointer) {
    App& other = add_app();
    App& a = add_app();
    other.window.get(); // mapped first, elsewhere or below: gets nothing
    point_at(a);
    Seat& seat = server->seat();
    GestureEvent e = event(Kind::Swipe, Phase::Begin);
    e.fingers = 3;
    seat.pointer_gesture(e);
    e = event(Kind::Swipe, Phase::Update);
    e.dx = 4.5, e.dy = -2;
    seat.pointer_gesture(e);
    seat.pointer_gesture(event(Kind::Swipe, Phase::End));
    e = event(Kind::Pinch, Phase::Begin);
    e.fingers = 2;
    seat.pointer_gesture(e);
    e = event(Kind::Pinch, Phase::Update);
    e.dx = 1, e.dy = 2, e.scale = 1.5, e.rotation = 10;
    seat.pointer_gesture(e);
    e = event(Kind::Pinch, Phase::End);
    e.cancelled = true;
    seat.pointer_gesture(e);
    e = event(Kind::Hold, Phase::Begin);
    e.fingers = 4;
    seat.pointer_gesture(e);
    seat.pointer_gesture(event(Kind::Hold, Phase::End));
    ASSERT_TRUE(a.client->dispatch_until([&] { return a.log.events.size() >= 8; }));
    const std::vector<std::string> expected = {"swipe begin 3", "swipe update 4.5 -2", "swipe end",
                                               "pinch begin 2", "pinch update 1 2 1.5 10", "pinch cancelled",
                                               "hold begin 4", "hold end"};
    EXPECT_EQ(a.log.events, expected);
    EXPECT_EQ(a.log.last_surface, a.window->surface);
    EXPECT_NE(a.log.last_serial, 0u);
    ASSERT_TRUE(other.client->roundtrip());
    EXPECT_TRUE(other.log.events.empty());
}

TEST_F(PointerGesturesTest, UpdatesGoWhereTheGestureBeganAndANewBeginCancelsTheOldOne) {
    App& a = add_app();
    point_at(a);
    Seat& seat = server->seat();
    GestureEvent begin = event(Kind::Swipe, Phase::Begin);
    begin.fingers = 3;
    seat.pointer_gesture(begin);
    seat.pointer_warp(-100, -100, 60); // off every window
    GestureEvent update = event(Kind::Swipe, Phase::Update);
    update.dx = 1;
    seat.pointer_gesture(update);
    point_at(a);
    seat.pointer_gesture(begin); // a second begin: the first is cancelled
    seat.pointer_gesture(event(Kind::Swipe, Phase::End));
    seat.pointer_gesture(event(Kind::Swipe, Phase::End)); // no gesture under way: dropped
    seat.pointer_gesture(update);                          // likewise
    ASSERT_TRUE(a.client->roundtrip());
    const std::vector<std::string> expected = {"swipe begin 3", "swipe update 1 0", "swipe cancelled",
                                               "swipe begin 3", "swipe end"};
    EXPECT_EQ(a.log.events, expected);
}

TEST_F(PointerGesturesTest, NothingUnderThePointerMeansNoEvents) {
    App& a = add_app();
    server->seat().pointer_warp(-100, -100, 60);
    GestureEvent begin = event(Kind::Hold, Phase::Begin);
    begin.fingers = 2;
    server->seat().pointer_gesture(begin);
    server->seat().pointer_gesture(event(Kind::Hold, Phase::End));
    ASSERT_TRUE(a.client->roundtrip());
    EXPECT_TRUE(a.log.events.empty());
}

} // namespace
} // namespace shoji::test
