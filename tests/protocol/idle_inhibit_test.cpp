// zwp_idle_inhibit_manager_v1: inhibitors are counted per surface while
// they and their surface live; they change nothing else (Shoji never
// blanks or idles the session, so there is nothing to inhibit).
#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "idle-inhibit-unstable-v1-client-protocol.h"
#include "surface/zwp_idle_inhibit_manager_v1.hpp"

namespace shoji::test {
namespace {

using IdleInhibitTest = ShojiTest;

TEST_F(IdleInhibitTest, InhibitorsAreTrackedPerSurfaceUntilDestroyed) {
    TestClient& c = connect();
    auto* manager = bind_global<zwp_idle_inhibit_manager_v1>(c, &zwp_idle_inhibit_manager_v1_interface, 1);
    ASSERT_NE(manager, nullptr) << "no zwp_idle_inhibit_manager_v1 global";
    auto window = c.make_toplevel();
    wl_surface* other = wl_compositor_create_surface(c.compositor);
    const IdleInhibitManager& tracked = server->idle_inhibitors();
    EXPECT_FALSE(tracked.inhibited());

    auto* first = zwp_idle_inhibit_manager_v1_create_inhibitor(manager, window->surface);
    auto* second = zwp_idle_inhibit_manager_v1_create_inhibitor(manager, window->surface);
    auto* third = zwp_idle_inhibit_manager_v1_create_inhibitor(manager, other);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(tracked.inhibited());
    EXPECT_EQ(tracked.inhibitors_on(c.server_surface(window->surface)), 2u);
    EXPECT_EQ(tracked.inhibitors_on(c.server_surface(other)), 1u);

    zwp_idle_inhibitor_v1_destroy(first);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(tracked.inhibitors_on(c.server_surface(window->surface)), 1u);

    // The surface goes first: its inhibitor stays, inert (the spec).
    wl_surface_destroy(other);
    ASSERT_TRUE(c.roundtrip());
    zwp_idle_inhibitor_v1_destroy(second);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(tracked.inhibited());
    zwp_idle_inhibitor_v1_destroy(third);
    zwp_idle_inhibit_manager_v1_destroy(manager);
    EXPECT_TRUE(c.roundtrip());
}

TEST_F(IdleInhibitTest, AClientLeavingWithInhibitorsLeavesNone) {
    TestClient& c = connect();
    auto* manager = bind_global<zwp_idle_inhibit_manager_v1>(c, &zwp_idle_inhibit_manager_v1_interface, 1);
    ASSERT_NE(manager, nullptr);
    wl_surface* surface = wl_compositor_create_surface(c.compositor);
    zwp_idle_inhibit_manager_v1_create_inhibitor(manager, surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(server->idle_inhibitors().inhibited());
    wl_client_destroy(c.server_client());
    EXPECT_FALSE(server->idle_inhibitors().inhibited());
    expect_newcomer_maps();
}

} // namespace
} // namespace shoji::test
