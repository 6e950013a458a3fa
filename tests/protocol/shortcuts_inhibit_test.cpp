// zwp_keyboard_shortcuts_inhibit_manager_v1: Shoji has no shortcuts of its
// own, so an inhibitor is active exactly while its surface has the keyboard
// focus; a second inhibitor for a surface is already_inhibited.
#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "keyboard-shortcuts-inhibit-unstable-v1-client-protocol.h"
#include "shell/xdg_toplevel.hpp"

namespace shoji::test {
namespace {

struct Inhibitor {
    zwp_keyboard_shortcuts_inhibitor_v1* object = nullptr;
    int active = 0, inactive = 0;
    bool is_active() const { return active > inactive; }
    ~Inhibitor() {
        if (object) zwp_keyboard_shortcuts_inhibitor_v1_destroy(object);
    }
};
const zwp_keyboard_shortcuts_inhibitor_v1_listener inhibitor_listener = {
    [](void* data, zwp_keyboard_shortcuts_inhibitor_v1*) { ++static_cast<Inhibitor*>(data)->active; },
    [](void* data, zwp_keyboard_shortcuts_inhibitor_v1*) { ++static_cast<Inhibitor*>(data)->inactive; },
};

class ShortcutsInhibitTest : public ShojiTest {
protected:
    std::unique_ptr<Toplevel> mapped_window(TestClient& c) {
        auto t = c.make_toplevel();
        buffers.push_back(c.make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888));
        c.commit_buffer(t->surface, *buffers.back());
        EXPECT_TRUE(c.commit_and_wait_frame(t->surface));
        return t;
    }
    std::unique_ptr<Inhibitor> inhibit(TestClient& c, zwp_keyboard_shortcuts_inhibit_manager_v1* m, wl_surface* s) {
        auto i = std::make_unique<Inhibitor>();
        i->object = zwp_keyboard_shortcuts_inhibit_manager_v1_inhibit_shortcuts(m, s, c.seat);
        zwp_keyboard_shortcuts_inhibitor_v1_add_listener(i->object, &inhibitor_listener, i.get());
        return i;
    }
    void TearDown() override {
        buffers.clear(); // before their clients
        ShojiTest::TearDown();
    }
    std::vector<std::unique_ptr<Buffer>> buffers;
};

TEST_F(ShortcutsInhibitTest, ActiveWhileItsSurfaceHasTheKeyboardFocus) {
    TestClient& c = connect();
    auto* manager = bind_global<zwp_keyboard_shortcuts_inhibit_manager_v1>(
        c, &zwp_keyboard_shortcuts_inhibit_manager_v1_interface, 1);
    ASSERT_NE(manager, nullptr) << "no zwp_keyboard_shortcuts_inhibit_manager_v1 global";
    auto first = mapped_window(c); // focused
    auto focused = inhibit(c, manager, first->surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(focused->active, 1);
    EXPECT_TRUE(focused->is_active());

    auto second = mapped_window(c); // takes the focus
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(focused->is_active());
    EXPECT_EQ(focused->inactive, 1);
    auto other = inhibit(c, manager, second->surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(other->is_active());

    c.server_toplevel(*first)->activate(); // focus back to the first
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(focused->is_active());
    EXPECT_EQ(focused->active, 2);
    EXPECT_FALSE(other->is_active());
    EXPECT_FALSE(c.has_error());
}

TEST_F(ShortcutsInhibitTest, ASecondInhibitorForASurfaceIsAlreadyInhibited) {
    TestClient& c = connect();
    auto* manager = bind_global<zwp_keyboard_shortcuts_inhibit_manager_v1>(
        c, &zwp_keyboard_shortcuts_inhibit_manager_v1_interface, 1);
    ASSERT_NE(manager, nullptr);
    wl_surface* surface = wl_compositor_create_surface(c.compositor);
    auto once = inhibit(c, manager, surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(once->is_active()); // not focused
    EXPECT_PROTOCOL_ERROR(c, zwp_keyboard_shortcuts_inhibit_manager_v1_inhibit_shortcuts(manager, surface, c.seat),
                          &zwp_keyboard_shortcuts_inhibit_manager_v1_interface,
                          ZWP_KEYBOARD_SHORTCUTS_INHIBIT_MANAGER_V1_ERROR_ALREADY_INHIBITED);
}

TEST_F(ShortcutsInhibitTest, AfterDestroyingTheInhibitorANewOneIsFine) {
    TestClient& c = connect();
    auto* manager = bind_global<zwp_keyboard_shortcuts_inhibit_manager_v1>(
        c, &zwp_keyboard_shortcuts_inhibit_manager_v1_interface, 1);
    ASSERT_NE(manager, nullptr);
    auto window = mapped_window(c);
    auto first = inhibit(c, manager, window->surface);
    ASSERT_TRUE(c.roundtrip());
    zwp_keyboard_shortcuts_inhibitor_v1_destroy(first->object);
    first->object = nullptr;
    auto again = inhibit(c, manager, window->surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(again->is_active());
}

} // namespace
} // namespace shoji::test
