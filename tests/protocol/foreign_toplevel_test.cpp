// zwlr_foreign_toplevel_manager_v1 as a taskbar sees it: every mapped
// toplevel of every client, with its title, app_id, states, outputs and
// parent, updated whole (each batch ends with done), closed when it goes;
// and the requests that act on windows: maximize, minimize, fullscreen,
// activate, close.
#include <linux/input-event-codes.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "output/output.hpp"
#include "seat/wl_seat.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/zwlr_foreign_toplevel_manager_v1.hpp"
#include "wlr-foreign-toplevel-management-unstable-v1-client-protocol.h"

namespace shoji::test {
namespace {

// One handle as the client saw it.
struct Handle {
    zwlr_foreign_toplevel_handle_v1* handle = nullptr;
    std::string title, app_id;
    std::vector<uint32_t> state;
    std::vector<wl_output*> outputs;
    zwlr_foreign_toplevel_handle_v1* parent = nullptr;
    int parent_events = 0;
    int dones = 0;
    bool dirty = false; // events since the last done
    bool closed = false;
    bool has(uint32_t s) const { return std::find(state.begin(), state.end(), s) != state.end(); }
};

Handle* self(void* data) { return static_cast<Handle*>(data); }

const zwlr_foreign_toplevel_handle_v1_listener handle_listener = {
    /* title */ [](void* d, zwlr_foreign_toplevel_handle_v1*, const char* t) { self(d)->title = t, self(d)->dirty = true; },
    /* app_id */
    [](void* d, zwlr_foreign_toplevel_handle_v1*, const char* a) { self(d)->app_id = a, self(d)->dirty = true; },
    /* output_enter */
    [](void* d, zwlr_foreign_toplevel_handle_v1*, wl_output* o) { self(d)->outputs.push_back(o), self(d)->dirty = true; },
    /* output_leave */
    [](void* d, zwlr_foreign_toplevel_handle_v1*, wl_output* o) {
        auto& v = self(d)->outputs;
        v.erase(std::remove(v.begin(), v.end(), o), v.end());
        self(d)->dirty = true;
    },
    /* state */
    [](void* d, zwlr_foreign_toplevel_handle_v1*, wl_array* a) {
        const auto* p = static_cast<const uint32_t*>(a->data);
        self(d)->state.assign(p, p + a->size / sizeof(uint32_t));
        self(d)->dirty = true;
    },
    /* done */ [](void* d, zwlr_foreign_toplevel_handle_v1*) { ++self(d)->dones, self(d)->dirty = false; },
    /* closed */ [](void* d, zwlr_foreign_toplevel_handle_v1*) { self(d)->closed = true; },
    /* parent */
    [](void* d, zwlr_foreign_toplevel_handle_v1*, zwlr_foreign_toplevel_handle_v1* p) {
        self(d)->parent = p, ++self(d)->parent_events, self(d)->dirty = true;
    },
};

// A bound manager and the handles it was given, in order.
struct Taskbar {
    zwlr_foreign_toplevel_manager_v1* manager = nullptr;
    std::vector<std::unique_ptr<Handle>> handles;
    bool finished = false;

    Handle* find(const std::string& app_id) {
        for (auto& h : handles)
            if (h->app_id == app_id && !h->closed) return h.get();
        return nullptr;
    }
    size_t open() const {
        return size_t(std::count_if(handles.begin(), handles.end(), [](const auto& h) { return !h->closed; }));
    }
};

const zwlr_foreign_toplevel_manager_v1_listener manager_listener = {
    /* toplevel */
    [](void* d, zwlr_foreign_toplevel_manager_v1*, zwlr_foreign_toplevel_handle_v1* h) {
        auto handle = std::make_unique<Handle>();
        handle->handle = h;
        zwlr_foreign_toplevel_handle_v1_add_listener(h, &handle_listener, handle.get());
        static_cast<Taskbar*>(d)->handles.push_back(std::move(handle));
    },
    /* finished */ [](void* d, zwlr_foreign_toplevel_manager_v1*) { static_cast<Taskbar*>(d)->finished = true; },
};

class ForeignToplevelTest : public ShojiTest {
protected:
    std::unique_ptr<Taskbar> bind_taskbar(TestClient& c, uint32_t version = 3) {
        auto t = std::make_unique<Taskbar>();
        t->manager =
            bind_global<zwlr_foreign_toplevel_manager_v1>(c, &zwlr_foreign_toplevel_manager_v1_interface, version);
        EXPECT_NE(t->manager, nullptr) << "no zwlr_foreign_toplevel_manager_v1 global";
        if (t->manager) zwlr_foreign_toplevel_manager_v1_add_listener(t->manager, &manager_listener, t.get());
        EXPECT_TRUE(c.roundtrip());
        return t;
    }

    // A mapped window with an app_id (and title) set before it maps.
    Window map_app(TestClient& c, const std::string& app_id, int32_t w = 40, int32_t h = 30) {
        return map_window(c, w, h, 0xff884422, app_id.c_str(), ("title of " + app_id).c_str());
    }

    static bool has_state(const Toplevel& t, uint32_t s) {
        return std::find(t.states.begin(), t.states.end(), s) != t.states.end();
    }
};

TEST_F(ForeignToplevelTest, manager_is_advertised_at_version_3) {
    TestClient& c = connect();
    EXPECT_EQ(c.globals["zwlr_foreign_toplevel_manager_v1"], 3u);
}

TEST_F(ForeignToplevelTest, lists_the_windows_of_every_client_with_their_details) {
    TestClient& a = connect();
    TestClient& b = connect();
    Window wa = map_app(a, "app.a");
    Window wb = map_app(b, "app.b");
    TestClient& observer = connect();
    auto bar = bind_taskbar(observer);
    ASSERT_EQ(bar->open(), 2u);
    Handle* ha = bar->find("app.a");
    Handle* hb = bar->find("app.b");
    ASSERT_TRUE(ha && hb);
    EXPECT_EQ(ha->title, "title of app.a");
    EXPECT_FALSE(ha->dirty) << "the details did not end with done";
    EXPECT_EQ(ha->dones, 1);
    // The newest window has the focus.
    EXPECT_FALSE(ha->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED));
    EXPECT_TRUE(hb->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED));
}

TEST_F(ForeignToplevelTest, windows_mapped_later_are_announced_and_closed_when_they_go) {
    TestClient& observer = connect();
    auto bar = bind_taskbar(observer);
    EXPECT_EQ(bar->open(), 0u);

    TestClient& c = connect();
    Window w = map_app(c, "later");
    ASSERT_TRUE(observer.roundtrip());
    ASSERT_EQ(bar->open(), 1u);
    Handle* h = bar->find("later");
    ASSERT_NE(h, nullptr);
    EXPECT_TRUE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED));

    // A null buffer unmaps: closed. Then it maps again: a new handle.
    wl_surface_attach(w.toplevel->surface, nullptr, 0, 0);
    wl_surface_commit(w.toplevel->surface);
    ASSERT_TRUE(c.roundtrip());
    ASSERT_TRUE(observer.roundtrip());
    EXPECT_TRUE(h->closed);
    EXPECT_EQ(bar->open(), 0u);

    Window again = map_app(c, "again");
    ASSERT_TRUE(observer.roundtrip());
    EXPECT_EQ(bar->open(), 1u);
    // Destroyed outright: closed.
    again.toplevel.reset();
    ASSERT_TRUE(c.roundtrip());
    ASSERT_TRUE(observer.roundtrip());
    EXPECT_EQ(bar->open(), 0u);
}

TEST_F(ForeignToplevelTest, title_changes_are_sent_each_ending_in_done) {
    TestClient& c = connect();
    Window w = map_app(c, "titled");
    auto bar = bind_taskbar(c);
    Handle* h = bar->find("titled");
    ASSERT_NE(h, nullptr);
    const int dones = h->dones;
    xdg_toplevel_set_title(w.toplevel->toplevel, "a new title");
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(h->title, "a new title");
    EXPECT_EQ(h->dones, dones + 1);
    EXPECT_FALSE(h->dirty);
    // Nothing changed: nothing sent.
    xdg_toplevel_set_title(w.toplevel->toplevel, "a new title");
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(h->dones, dones + 1);
}

TEST_F(ForeignToplevelTest, activated_follows_the_keyboard_focus) {
    TestClient& c = connect();
    Window first = map_app(c, "first");
    Window second = map_app(c, "second");
    auto bar = bind_taskbar(c);
    Handle* h1 = bar->find("first");
    Handle* h2 = bar->find("second");
    ASSERT_TRUE(h1 && h2);
    EXPECT_TRUE(h2->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED));

    zwlr_foreign_toplevel_handle_v1_activate(h1->handle, c.seat);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(h1->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED));
    EXPECT_FALSE(h2->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED));
    EXPECT_TRUE(has_state(*first.toplevel, XDG_TOPLEVEL_STATE_ACTIVATED)) << "the window was not told";
    EXPECT_EQ(server->seat().keyboard_focus(), c.server_surface(first.toplevel->surface));
}

TEST_F(ForeignToplevelTest, maximize_and_fullscreen_requests_configure_the_window) {
    TestClient& c = connect();
    Window w = map_app(c, "big");
    auto bar = bind_taskbar(c);
    Handle* h = bar->find("big");
    ASSERT_NE(h, nullptr);

    zwlr_foreign_toplevel_handle_v1_set_maximized(h->handle);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(has_state(*w.toplevel, XDG_TOPLEVEL_STATE_MAXIMIZED));
    EXPECT_EQ(w.toplevel->configured_width, 320);
    EXPECT_TRUE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MAXIMIZED));

    zwlr_foreign_toplevel_handle_v1_set_fullscreen(h->handle, nullptr);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(has_state(*w.toplevel, XDG_TOPLEVEL_STATE_FULLSCREEN));
    EXPECT_TRUE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_FULLSCREEN));
    EXPECT_TRUE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MAXIMIZED)) << "maximized is kept under fullscreen";

    zwlr_foreign_toplevel_handle_v1_unset_fullscreen(h->handle);
    zwlr_foreign_toplevel_handle_v1_unset_maximized(h->handle);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(has_state(*w.toplevel, XDG_TOPLEVEL_STATE_FULLSCREEN));
    EXPECT_FALSE(has_state(*w.toplevel, XDG_TOPLEVEL_STATE_MAXIMIZED));
    EXPECT_TRUE(h->state.empty() || h->state == std::vector<uint32_t>{ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED});
}

TEST_F(ForeignToplevelTest, fullscreen_is_not_reported_to_a_version_1_manager) {
    TestClient& c = connect();
    Window w = map_app(c, "v1");
    auto bar = bind_taskbar(c, 1);
    Handle* h = bar->find("v1");
    ASSERT_NE(h, nullptr);
    xdg_toplevel_set_fullscreen(w.toplevel->toplevel, nullptr);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(has_state(*w.toplevel, XDG_TOPLEVEL_STATE_FULLSCREEN));
    EXPECT_FALSE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_FULLSCREEN));
}

TEST_F(ForeignToplevelTest, a_minimized_window_is_hidden_until_shown_again) {
    TestClient& c = connect();
    Window below = map_app(c, "below", 200, 150);
    Window above = map_app(c, "above", 200, 150);
    auto bar = bind_taskbar(c);
    Handle* h = bar->find("above");
    ASSERT_NE(h, nullptr);
    auto [ax, ay] = surface_origin(c, above.toplevel->surface);
    const double px = ax + 100, py = ay + 60; // on both windows
    server->seat().pointer_warp(px, py, 0);
    ASSERT_EQ(server->seat().pointer_focus(), c.server_surface(above.toplevel->surface));

    zwlr_foreign_toplevel_handle_v1_set_minimized(h->handle);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MINIMIZED));
    EXPECT_FALSE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED));
    EXPECT_EQ(server->seat().pointer_focus(), c.server_surface(below.toplevel->surface)) << "still under the pointer";
    EXPECT_EQ(server->seat().keyboard_focus(), c.server_surface(below.toplevel->surface));
    EXPECT_TRUE(h->outputs.empty()) << "a hidden window is on no output";
    // Not drawn: the area only it covered shows the background.
    const int32_t only_above_x = ax + 199, only_above_y = ay + 149;
    server->dispatch(5);
    for (int i = 0; i < 200 && server->output()->has_pending_damage(); ++i) server->dispatch(1);
    EXPECT_EQ(pixel_at(output_pixels().get(), only_above_x, only_above_y), background());

    zwlr_foreign_toplevel_handle_v1_unset_minimized(h->handle);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MINIMIZED));
    EXPECT_TRUE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED)) << "shown again, it is focused";
    EXPECT_EQ(server->seat().pointer_focus(), c.server_surface(above.toplevel->surface));
}

TEST_F(ForeignToplevelTest, a_client_minimizing_itself_and_activate_showing_it) {
    TestClient& c = connect();
    Window w = map_app(c, "shy");
    auto bar = bind_taskbar(c);
    Handle* h = bar->find("shy");
    ASSERT_NE(h, nullptr);
    xdg_toplevel_set_minimized(w.toplevel->toplevel);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MINIMIZED));
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    zwlr_foreign_toplevel_handle_v1_activate(h->handle, c.seat);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_FALSE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_MINIMIZED));
    EXPECT_TRUE(h->has(ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_STATE_ACTIVATED));
    EXPECT_EQ(server->scene().mapped_count(), 1u);
}

TEST_F(ForeignToplevelTest, close_sends_xdg_toplevel_close_to_the_window) {
    TestClient& c = connect();
    Window w = map_app(c, "closable");
    TestClient& other = connect();
    auto bar = bind_taskbar(other);
    zwlr_foreign_toplevel_handle_v1_close(bar->find("closable")->handle);
    ASSERT_TRUE(other.roundtrip());
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(w.toplevel->closed);
}

TEST_F(ForeignToplevelTest, output_enter_names_the_clients_wl_output_even_one_bound_later) {
    TestClient& c = connect();
    wl_output* early = bind_global<wl_output>(c, &wl_output_interface, 4);
    Window w = map_app(c, "on-output");
    auto bar = bind_taskbar(c);
    Handle* h = bar->find("on-output");
    ASSERT_NE(h, nullptr);
    EXPECT_EQ(h->outputs, std::vector<wl_output*>{early});
    const int dones = h->dones;
    wl_output* late = bind_global<wl_output>(c, &wl_output_interface, 4);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(h->outputs, (std::vector<wl_output*>{early, late}));
    EXPECT_EQ(h->dones, dones + 1);
    // Moved off every output: left them.
    c.server_toplevel(*w.toplevel)->move_to(5000, 5000);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(h->outputs.empty());
    wl_output_release(early);
    wl_output_release(late);
}

TEST_F(ForeignToplevelTest, parent_names_the_handle_of_the_parent_window) {
    TestClient& c = connect();
    Window parent = map_app(c, "parent");
    Window child = map_app(c, "child");
    xdg_toplevel_set_parent(child.toplevel->toplevel, parent.toplevel->toplevel);
    auto bar = bind_taskbar(c);
    Handle* hp = bar->find("parent");
    Handle* hc = bar->find("child");
    ASSERT_TRUE(hp && hc);
    EXPECT_EQ(hc->parent, hp->handle);
    EXPECT_EQ(hp->parent_events, 0) << "a window without a parent gets no parent event";
    // The parent unmaps: the child's parent is none.
    wl_surface_attach(parent.toplevel->surface, nullptr, 0, 0);
    wl_surface_commit(parent.toplevel->surface);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(hp->closed);
    EXPECT_EQ(hc->parent, nullptr);
    EXPECT_FALSE(hc->dirty);
}

TEST_F(ForeignToplevelTest, requests_on_a_closed_handle_are_ignored) {
    TestClient& c = connect();
    Window w = map_app(c, "gone");
    auto bar = bind_taskbar(c);
    Handle* h = bar->find("gone");
    ASSERT_NE(h, nullptr);
    w.toplevel.reset();
    ASSERT_TRUE(c.roundtrip());
    ASSERT_TRUE(h->closed);
    zwlr_foreign_toplevel_handle_v1_set_maximized(h->handle);
    zwlr_foreign_toplevel_handle_v1_activate(h->handle, c.seat);
    zwlr_foreign_toplevel_handle_v1_close(h->handle);
    wl_surface* button = wl_compositor_create_surface(c.compositor);
    zwlr_foreign_toplevel_handle_v1_set_rectangle(h->handle, button, 0, 0, -1, -1);
    EXPECT_TRUE(c.roundtrip());
    wl_surface_destroy(button);
    zwlr_foreign_toplevel_handle_v1_destroy(h->handle);
    EXPECT_TRUE(c.roundtrip());
}

TEST_F(ForeignToplevelTest, a_negative_rectangle_is_invalid_rectangle) {
    TestClient& c = connect();
    Window w = map_app(c, "rect");
    auto bar = bind_taskbar(c);
    Handle* h = bar->find("rect");
    ASSERT_NE(h, nullptr);
    zwlr_foreign_toplevel_handle_v1_set_rectangle(h->handle, w.toplevel->surface, 0, 0, 10, 10);
    zwlr_foreign_toplevel_handle_v1_set_rectangle(h->handle, w.toplevel->surface, 0, 0, 0, 0);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_PROTOCOL_ERROR(c, zwlr_foreign_toplevel_handle_v1_set_rectangle(h->handle, w.toplevel->surface, 0, 0, 10, -1),
                          &zwlr_foreign_toplevel_handle_v1_interface,
                          ZWLR_FOREIGN_TOPLEVEL_HANDLE_V1_ERROR_INVALID_RECTANGLE);
}

TEST_F(ForeignToplevelTest, stop_is_answered_with_finished_and_handles_live_on) {
    TestClient& c = connect();
    Window w = map_app(c, "kept");
    auto bar = bind_taskbar(c);
    Handle* h = bar->find("kept");
    zwlr_foreign_toplevel_manager_v1_stop(bar->manager);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_TRUE(bar->finished);
    zwlr_foreign_toplevel_manager_v1_destroy(bar->manager);
    // No new windows are announced; the handle it has still follows its window.
    Window other = map_app(c, "unseen");
    xdg_toplevel_set_title(w.toplevel->toplevel, "still followed");
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(bar->handles.size(), 1u);
    EXPECT_EQ(h->title, "still followed");
}

TEST_F(ForeignToplevelTest, a_client_may_bind_only_so_many_managers) {
    TestClient& c = connect();
    Window w = map_app(c, "one");
    std::vector<std::unique_ptr<Taskbar>> bars;
    for (size_t i = 0; i < ForeignToplevelManager::kMaxPerClient + 1; ++i) bars.push_back(bind_taskbar(c));
    for (size_t i = 0; i < ForeignToplevelManager::kMaxPerClient; ++i) {
        EXPECT_FALSE(bars[i]->finished);
        EXPECT_EQ(bars[i]->open(), 1u);
    }
    EXPECT_TRUE(bars.back()->finished) << "the manager past the cap was not finished";
    EXPECT_EQ(bars.back()->open(), 0u);
    EXPECT_FALSE(c.has_error());
    // Another client still gets its list.
    TestClient& other = connect();
    auto theirs = bind_taskbar(other);
    EXPECT_EQ(theirs->open(), 1u);
}

} // namespace
} // namespace shoji::test
