// zwlr_layer_shell_v1 / zwlr_layer_surface_v1: the four layers around the
// windows (pixels), anchors and margins, exclusive zones and what they leave
// for windows, keyboard interactivity, pointer input in stacking order,
// popups of layer surfaces, the configure handshake, and every error.
#include <linux/input-event-codes.h>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "output/output.hpp"
#include "seat/wl_seat.hpp"
#include "shell/xdg_toplevel.hpp"
#include "shell/zwlr_layer_shell_v1.hpp"
#include "wlr.hpp"

// The generated header names an argument `namespace`, a C++ keyword.
#define namespace name_space
#include "wlr-layer-shell-unstable-v1-client-protocol.h"
#undef namespace

namespace shoji::test {
namespace {

constexpr uint32_t kBackground = ZWLR_LAYER_SHELL_V1_LAYER_BACKGROUND, kBottom = ZWLR_LAYER_SHELL_V1_LAYER_BOTTOM,
                   kTop = ZWLR_LAYER_SHELL_V1_LAYER_TOP, kOverlay = ZWLR_LAYER_SHELL_V1_LAYER_OVERLAY;
constexpr uint32_t kAnchorTop = ZWLR_LAYER_SURFACE_V1_ANCHOR_TOP, kAnchorBottom = ZWLR_LAYER_SURFACE_V1_ANCHOR_BOTTOM,
                   kAnchorLeft = ZWLR_LAYER_SURFACE_V1_ANCHOR_LEFT, kAnchorRight = ZWLR_LAYER_SURFACE_V1_ANCHOR_RIGHT;
constexpr uint32_t kAllAnchors = kAnchorTop | kAnchorBottom | kAnchorLeft | kAnchorRight;

// One layer surface as its client sees it.
struct Layer {
    wl_surface* surface = nullptr;
    zwlr_layer_surface_v1* layer = nullptr;
    uint32_t serial = 0, width = 0, height = 0;
    int configures = 0;
    bool closed = false;
    std::unique_ptr<Buffer> buffer;
    ~Layer() {
        buffer.reset();
        if (layer) zwlr_layer_surface_v1_destroy(layer);
        if (surface) wl_surface_destroy(surface);
    }
};

const zwlr_layer_surface_v1_listener layer_listener = {
    [](void* d, zwlr_layer_surface_v1*, uint32_t serial, uint32_t w, uint32_t h) {
        auto* l = static_cast<Layer*>(d);
        l->serial = serial, l->width = w, l->height = h;
        ++l->configures;
    },
    [](void* d, zwlr_layer_surface_v1*) { static_cast<Layer*>(d)->closed = true; },
};

class LayerShellTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        c = &connect();
        shell = bind_global<zwlr_layer_shell_v1>(*c, &zwlr_layer_shell_v1_interface, 4);
        ASSERT_NE(shell, nullptr);
    }
    void TearDown() override {
        layers.clear();
        toplevels.clear();
        buffers.clear();
        ShojiTest::TearDown();
    }

    // A layer surface with its state set, before any commit.
    Layer& new_layer(uint32_t layer, uint32_t width, uint32_t height, uint32_t anchor = 0,
                     zwlr_layer_shell_v1* on = nullptr) {
        auto l = std::make_unique<Layer>();
        l->surface = wl_compositor_create_surface(c->compositor);
        l->layer = zwlr_layer_shell_v1_get_layer_surface(on ? on : shell, l->surface, nullptr, layer, "test");
        zwlr_layer_surface_v1_add_listener(l->layer, &layer_listener, l.get());
        zwlr_layer_surface_v1_set_size(l->layer, width, height);
        zwlr_layer_surface_v1_set_anchor(l->layer, anchor);
        layers.push_back(std::move(l));
        return *layers.back();
    }
    // The initial commit, answered by a configure.
    void configure(Layer& l) {
        const int before = l.configures;
        wl_surface_commit(l.surface);
        ASSERT_TRUE(c->dispatch_until([&] { return l.configures > before; }));
    }
    // Acks the latest configure and shows a buffer of the configured size.
    void map(Layer& l, uint32_t colour) {
        zwlr_layer_surface_v1_ack_configure(l.layer, l.serial);
        l.buffer = c->make_buffer(int32_t(l.width), int32_t(l.height), WL_SHM_FORMAT_XRGB8888);
        l.buffer->fill(colour);
        c->commit_buffer(l.surface, *l.buffer);
        ASSERT_TRUE(c->commit_and_wait_frame(l.surface));
    }
    Layer& shown_layer(uint32_t layer, uint32_t width, uint32_t height, uint32_t anchor, uint32_t colour) {
        Layer& l = new_layer(layer, width, height, anchor);
        configure(l);
        map(l, colour);
        return l;
    }
    // A mapped window of this size and colour.
    Toplevel& window(int32_t width, int32_t height, uint32_t colour) {
        toplevels.push_back(c->make_toplevel());
        Toplevel& t = *toplevels.back();
        buffers.push_back(c->make_buffer(width, height, WL_SHM_FORMAT_XRGB8888));
        buffers.back()->fill(colour);
        c->ack(t);
        c->commit_buffer(t.surface, *buffers.back());
        EXPECT_TRUE(c->commit_and_wait_frame(t.surface));
        return t;
    }
    // Repaints a toplevel at a new size after a configure.
    void redraw(Toplevel& t, int32_t width, int32_t height, uint32_t colour) {
        buffers.push_back(c->make_buffer(width, height, WL_SHM_FORMAT_XRGB8888));
        buffers.back()->fill(colour);
        c->ack(t);
        c->commit_buffer(t.surface, *buffers.back());
        EXPECT_TRUE(c->commit_and_wait_frame(t.surface));
    }
    uint32_t pixel(int32_t x, int32_t y) { return pixel_at(output_pixels().get(), x, y); }
    Seat& seat() { return server->seat(); }
    void click(double x, double y) {
        seat().pointer_warp(x, y, ++time_);
        seat().pointer_button(BTN_LEFT, true, ++time_);
        seat().pointer_button(BTN_LEFT, false, ++time_);
        c->roundtrip();
    }
    Box output_box() const { return server->output()->layout_box(); }

    TestClient* c = nullptr;
    zwlr_layer_shell_v1* shell = nullptr;
    std::vector<std::unique_ptr<Layer>> layers;
    std::vector<std::unique_ptr<Toplevel>> toplevels;
    std::vector<std::unique_ptr<Buffer>> buffers;
    uint32_t time_ = 0;
};

TEST_F(LayerShellTest, the_global_is_version_4) {
    EXPECT_EQ(c->globals.at("zwlr_layer_shell_v1"), 4u);
}

TEST_F(LayerShellTest, the_initial_commit_is_answered_with_the_size_set) {
    Layer& l = new_layer(kTop, 123, 45);
    configure(l);
    EXPECT_EQ(l.width, 123u);
    EXPECT_EQ(l.height, 45u);
    EXPECT_NE(l.serial, 0u);
}

TEST_F(LayerShellTest, a_commit_before_mapping_that_changes_the_size_gets_a_new_configure) {
    Layer& l = new_layer(kTop, 200, 100);
    configure(l);
    zwlr_layer_surface_v1_set_size(l.layer, 0, 0);
    zwlr_layer_surface_v1_set_anchor(l.layer, kAllAnchors);
    configure(l);
    EXPECT_EQ(l.configures, 2);
    EXPECT_EQ(l.width, uint32_t(output_box().width));
    EXPECT_EQ(l.height, uint32_t(output_box().height));
}

TEST_F(LayerShellTest, a_surface_on_a_given_output_is_closed_when_the_output_goes) {
    auto* output = bind_global<wl_output>(*c, &wl_output_interface, 4);
    ASSERT_NE(output, nullptr);
    Layer& l = new_layer(kTop, 0, 0, kAllAnchors);
    zwlr_layer_surface_v1_destroy(l.layer);
    l.layer = zwlr_layer_shell_v1_get_layer_surface(shell, l.surface, output, kTop, "on-output");
    zwlr_layer_surface_v1_add_listener(l.layer, &layer_listener, &l);
    zwlr_layer_surface_v1_set_anchor(l.layer, kAllAnchors);
    configure(l);
    EXPECT_EQ(l.width, uint32_t(output_box().width));
    map(l, 0xff00ff00);
    wlr_output_destroy(server->output()->wlr());
    ASSERT_TRUE(c->dispatch_until([&] { return l.closed; }));
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    // "Further changes to the surface will be ignored."
    zwlr_layer_surface_v1_set_size(l.layer, 0, 0);
    zwlr_layer_surface_v1_set_anchor(l.layer, 0); // would be invalid_size at a live commit
    wl_surface_commit(l.surface);
    EXPECT_TRUE(c->roundtrip());
}

TEST_F(LayerShellTest, a_size_of_0_between_two_anchors_is_the_output_less_the_margins) {
    Layer& l = new_layer(kBackground, 0, 0, kAllAnchors);
    zwlr_layer_surface_v1_set_margin(l.layer, 1, 2, 3, 4);
    configure(l);
    EXPECT_EQ(l.width, uint32_t(output_box().width - 2 - 4));
    EXPECT_EQ(l.height, uint32_t(output_box().height - 1 - 3));
}

TEST_F(LayerShellTest, layers_are_drawn_background_bottom_windows_top_overlay) {
    // Five overlapping squares, each layer's 20 pixels to the right of the
    // one below; all anchored top-left with margins. The window is placed by
    // the shell: moved to the same spot.
    const uint32_t red = 0xffff0000, green = 0xff00ff00, blue = 0xff0000ff, yellow = 0xffffff00, white = 0xffffffff;
    auto square = [&](uint32_t layer, int32_t x, uint32_t colour) {
        Layer& l = new_layer(layer, 60, 60, kAnchorTop | kAnchorLeft);
        zwlr_layer_surface_v1_set_margin(l.layer, 100, 0, 0, x);
        configure(l);
        map(l, colour);
    };
    // Made in an order that is not the stacking order: later is not higher.
    square(kOverlay, 80, white);
    square(kTop, 60, yellow);
    Toplevel& t = window(60, 60, blue);
    c->server_toplevel(t)->move_to(40, 100);
    square(kBottom, 20, green);
    square(kBackground, 0, red);
    ASSERT_TRUE(c->commit_and_wait_frame(t.surface));
    EXPECT_EQ(pixel(10, 130), red);
    EXPECT_EQ(pixel(30, 130), green) << "bottom above background";
    EXPECT_EQ(pixel(50, 130), blue) << "the window above the bottom layer";
    EXPECT_EQ(pixel(70, 130), yellow) << "the top layer above the window";
    EXPECT_EQ(pixel(90, 130), white) << "overlay above top";
    EXPECT_EQ(pixel(139, 159), white);
    EXPECT_EQ(pixel(141, 130), background());
}

TEST_F(LayerShellTest, a_click_does_not_raise_a_window_above_the_top_layer) {
    const uint32_t blue = 0xff0000ff, yellow = 0xffffff00;
    Toplevel& t = window(100, 100, blue);
    c->server_toplevel(t)->move_to(0, 0);
    Layer& l = new_layer(kTop, 50, 50, kAnchorTop | kAnchorLeft);
    configure(l);
    map(l, yellow);
    click(75, 75); // on the window, beside the layer surface
    ASSERT_TRUE(c->commit_and_wait_frame(t.surface));
    EXPECT_EQ(pixel(25, 25), yellow);
    EXPECT_EQ(pixel(75, 75), blue);
}

TEST_F(LayerShellTest, anchors_and_margins_place_the_surface) {
    const Box out = output_box();
    Layer& br = shown_layer(kTop, 30, 20, kAnchorBottom | kAnchorRight, 0xff112233);
    zwlr_layer_surface_v1_set_margin(br.layer, 0, 7, 5, 0);
    wl_surface_commit(br.surface);
    ASSERT_TRUE(c->commit_and_wait_frame(br.surface));
    EXPECT_EQ(surface_origin(*c, br.surface), std::make_pair(out.width - 7 - 30, out.height - 5 - 20));
    EXPECT_EQ(pixel(out.width - 8, out.height - 6), 0xff112233u);
    EXPECT_EQ(pixel(out.width - 6, out.height - 6), background());

    Layer& centre = shown_layer(kTop, 40, 10, 0, 0xff445566);
    EXPECT_EQ(surface_origin(*c, centre.surface), std::make_pair((out.width - 40) / 2, (out.height - 10) / 2));
    Layer& top = shown_layer(kTop, 40, 10, kAnchorTop, 0xff778899);
    EXPECT_EQ(surface_origin(*c, top.surface), std::make_pair((out.width - 40) / 2, 0));
}

TEST_F(LayerShellTest, a_bar_keeps_maximized_and_new_windows_below_it) {
    const Box out = output_box();
    Toplevel& t = window(50, 50, 0xff0000ff);
    xdg_toplevel_set_maximized(t.toplevel);
    const int before = t.configures;
    ASSERT_TRUE(c->dispatch_until([&] { return t.configures > before; }));
    EXPECT_EQ(t.configured_height, out.height);

    // A bar: the top edge, stretched across, 30 high, with a zone of 30.
    Layer& bar = new_layer(kTop, 0, 30, kAnchorTop | kAnchorLeft | kAnchorRight);
    zwlr_layer_surface_v1_set_exclusive_zone(bar.layer, 30);
    const int mapped = t.configures;
    configure(bar);
    EXPECT_EQ(bar.width, uint32_t(out.width));
    // Its zone counts from its initial commit on: the window was told.
    ASSERT_TRUE(c->dispatch_until([&] { return t.configures > mapped; }));
    EXPECT_EQ(t.configured_width, out.width);
    EXPECT_EQ(t.configured_height, out.height - 30);
    map(bar, 0xff00ff00);
    redraw(t, t.configured_width, t.configured_height, 0xff0000ff);
    EXPECT_EQ(c->server_toplevel(t)->y(), 30);
    EXPECT_EQ(pixel(5, 29), 0xff00ff00u);
    EXPECT_EQ(pixel(5, 30), 0xff0000ffu);
    EXPECT_EQ(server->scene().placement_area(), (Box{0, 30, out.width, out.height - 30}));

    // A new window is placed in what is left.
    Toplevel& other = window(20, 20, 0xffff0000);
    EXPECT_GE(c->server_toplevel(other)->y(), 30);

    // The bar goes: the window gets the whole output back.
    const int now = t.configures;
    zwlr_layer_surface_v1_destroy(bar.layer);
    bar.layer = nullptr;
    ASSERT_TRUE(c->dispatch_until([&] { return t.configures > now; }));
    EXPECT_EQ(t.configured_height, out.height);
}

TEST_F(LayerShellTest, fullscreen_windows_keep_off_the_exclusive_zone_too) {
    const Box out = output_box();
    Layer& dock = new_layer(kBottom, 25, 0, kAnchorLeft | kAnchorTop | kAnchorBottom);
    zwlr_layer_surface_v1_set_exclusive_zone(dock.layer, 25);
    zwlr_layer_surface_v1_set_margin(dock.layer, 0, 0, 0, 5);
    configure(dock);
    map(dock, 0xff00ff00);
    Toplevel& t = window(50, 50, 0xff0000ff);
    xdg_toplevel_set_fullscreen(t.toplevel, nullptr);
    const int before = t.configures;
    ASSERT_TRUE(c->dispatch_until([&] { return t.configures > before; }));
    EXPECT_EQ(t.configured_width, out.width - 30) << "zone 25 + margin 5";
    EXPECT_EQ(t.configured_height, out.height);
}

TEST_F(LayerShellTest, zones_stack_and_a_zone_of_minus_1_ignores_them) {
    const Box out = output_box();
    Layer& bar = new_layer(kTop, 0, 20, kAnchorTop | kAnchorLeft | kAnchorRight);
    zwlr_layer_surface_v1_set_exclusive_zone(bar.layer, 20);
    configure(bar);
    map(bar, 0xff00ff00);
    // Zone 0 between top and bottom: it fits below the bar.
    Layer& side = new_layer(kTop, 10, 0, kAnchorTop | kAnchorBottom | kAnchorRight);
    configure(side);
    EXPECT_EQ(side.height, uint32_t(out.height - 20));
    map(side, 0xffff0000);
    EXPECT_EQ(surface_origin(*c, side.surface), std::make_pair(out.width - 10, 20));
    // Zone -1: it stretches to the output's edges whatever the bar keeps.
    Layer& wall = new_layer(kBackground, 0, 0, kAllAnchors);
    zwlr_layer_surface_v1_set_exclusive_zone(wall.layer, -1);
    configure(wall);
    EXPECT_EQ(wall.width, uint32_t(out.width));
    EXPECT_EQ(wall.height, uint32_t(out.height));
    // A second bar stacks under the first one and pushes the side panel.
    Layer& bar2 = new_layer(kTop, 0, 15, kAnchorTop | kAnchorLeft | kAnchorRight);
    zwlr_layer_surface_v1_set_exclusive_zone(bar2.layer, 15);
    const int side_configures = side.configures;
    configure(bar2);
    map(bar2, 0xff0000ff);
    ASSERT_TRUE(c->dispatch_until([&] { return side.configures > side_configures; }));
    EXPECT_EQ(side.height, uint32_t(out.height - 35));
    EXPECT_EQ(surface_origin(*c, bar2.surface), std::make_pair(0, 20));
    EXPECT_EQ(server->scene().placement_area().y, 35);
}

TEST_F(LayerShellTest, a_null_buffer_unmaps_and_the_surface_starts_over) {
    Layer& l = new_layer(kTop, 0, 30, kAnchorTop | kAnchorLeft | kAnchorRight);
    zwlr_layer_surface_v1_set_exclusive_zone(l.layer, 30);
    configure(l);
    map(l, 0xff00ff00);
    EXPECT_EQ(server->scene().placement_area().y, 30);
    wl_surface_attach(l.surface, nullptr, 0, 0);
    wl_surface_commit(l.surface);
    c->roundtrip();
    EXPECT_EQ(server->scene().placement_area().y, 0) << "its zone goes with it";
    EXPECT_EQ(server->scene().mapped_count(), 0u);
    // Again: an initial commit, a new configure, then a buffer.
    configure(l);
    EXPECT_EQ(l.configures, 2);
    map(l, 0xff00ff00);
    EXPECT_EQ(pixel(5, 5), 0xff00ff00u);
}

TEST_F(LayerShellTest, a_later_ack_answers_older_configures_too) {
    Layer& l = new_layer(kTop, 0, 10, kAnchorTop | kAnchorLeft | kAnchorRight);
    configure(l);
    const uint32_t first = l.serial;
    // Another surface's zone changes this one's height: a second configure.
    Layer& bar = new_layer(kTop, 0, 0, kAnchorLeft | kAnchorTop | kAnchorBottom);
    zwlr_layer_surface_v1_set_size(bar.layer, 10, 0);
    zwlr_layer_surface_v1_set_exclusive_zone(bar.layer, 10);
    configure(bar);
    ASSERT_TRUE(c->dispatch_until([&] { return l.configures == 2; }));
    EXPECT_EQ(l.width, uint32_t(output_box().width - 10));
    EXPECT_NE(l.serial, first);
    map(l, 0xff00ff00); // acks only the newest
    EXPECT_FALSE(c->has_error());
    // The first serial was acked along with it: acking it now is an error.
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_surface_v1_ack_configure(l.layer, first), &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(LayerShellTest, the_pointer_reaches_layer_surfaces_in_stacking_order) {
    auto pointer = c->get_pointer();
    Toplevel& t = window(100, 100, 0xff0000ff);
    c->server_toplevel(t)->move_to(0, 0);
    Layer& bottom = new_layer(kBottom, 200, 200, kAnchorTop | kAnchorLeft);
    configure(bottom);
    map(bottom, 0xff00ff00);
    Layer& overlay = new_layer(kOverlay, 20, 20, kAnchorTop | kAnchorLeft);
    zwlr_layer_surface_v1_set_margin(overlay.layer, 10, 0, 0, 10);
    configure(overlay);
    map(overlay, 0xffffffff);
    seat().pointer_warp(15, 15, ++time_);
    ASSERT_TRUE(c->dispatch_until([&] { return pointer->focus == overlay.surface; }));
    EXPECT_DOUBLE_EQ(pointer->last(PointerEvent::Enter)->x, 5);
    seat().pointer_warp(50, 50, ++time_);
    ASSERT_TRUE(c->dispatch_until([&] { return pointer->focus == t.surface; })) << "the window is above bottom";
    seat().pointer_warp(150, 150, ++time_);
    ASSERT_TRUE(c->dispatch_until([&] { return pointer->focus == bottom.surface; }));
    EXPECT_DOUBLE_EQ(pointer->last(PointerEvent::Enter)->y, 150);
    // An empty input region lets the pointer through.
    wl_region* empty = wl_compositor_create_region(c->compositor);
    wl_surface_set_input_region(overlay.surface, empty);
    wl_region_destroy(empty);
    wl_surface_commit(overlay.surface);
    seat().pointer_warp(16, 16, ++time_);
    ASSERT_TRUE(c->dispatch_until([&] { return pointer->focus == t.surface; }));
}

TEST_F(LayerShellTest, keyboard_interactivity_none_never_takes_the_focus) {
    auto kb = c->get_keyboard();
    Toplevel& t = window(50, 50, 0xff0000ff);
    c->server_toplevel(t)->move_to(100, 100);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus == t.surface; }));
    Layer& l = shown_layer(kTop, 40, 40, kAnchorTop | kAnchorLeft, 0xff00ff00);
    click(5, 5);
    EXPECT_EQ(kb->focus, t.surface);
    (void)l;
}

TEST_F(LayerShellTest, exclusive_in_the_top_layer_holds_the_keyboard_until_it_changes_to_none) {
    auto kb = c->get_keyboard();
    Toplevel& t = window(50, 50, 0xff0000ff);
    c->server_toplevel(t)->move_to(100, 100);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus == t.surface; }));
    Layer& l = new_layer(kTop, 40, 40, kAnchorTop | kAnchorLeft);
    zwlr_layer_surface_v1_set_keyboard_interactivity(l.layer, ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_EXCLUSIVE);
    configure(l);
    map(l, 0xff00ff00);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus == l.surface; }));
    // A click on the window, and a new window, do not take it away.
    click(110, 110);
    window(30, 30, 0xffff0000);
    c->roundtrip();
    EXPECT_EQ(kb->focus, l.surface);
    zwlr_layer_surface_v1_set_keyboard_interactivity(l.layer, ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_NONE);
    wl_surface_commit(l.surface);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus != l.surface && kb->focus != nullptr; }));
}

TEST_F(LayerShellTest, exclusive_in_the_bottom_layer_is_focused_as_a_window_is) {
    auto kb = c->get_keyboard();
    Layer& l = new_layer(kBottom, 40, 40, kAnchorTop | kAnchorLeft);
    zwlr_layer_surface_v1_set_keyboard_interactivity(l.layer, ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_EXCLUSIVE);
    configure(l);
    map(l, 0xff00ff00);
    Toplevel& t = window(50, 50, 0xff0000ff);
    c->server_toplevel(t)->move_to(100, 100);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus == t.surface; })) << "a new window takes the focus";
    click(5, 5);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus == l.surface; }));
}

TEST_F(LayerShellTest, on_demand_is_focused_by_a_click_and_loses_it_to_a_window) {
    auto kb = c->get_keyboard();
    Toplevel& t = window(50, 50, 0xff0000ff);
    c->server_toplevel(t)->move_to(100, 100);
    Layer& l = new_layer(kTop, 40, 40, kAnchorTop | kAnchorLeft);
    zwlr_layer_surface_v1_set_keyboard_interactivity(l.layer, ZWLR_LAYER_SURFACE_V1_KEYBOARD_INTERACTIVITY_ON_DEMAND);
    configure(l);
    map(l, 0xff00ff00);
    click(110, 110);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus == t.surface; }));
    click(5, 5);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus == l.surface; }));
    click(110, 110);
    ASSERT_TRUE(c->dispatch_until([&] { return kb->focus == t.surface; }));
}

// --- popups -------------------------------------------------------------------------

struct PopupEvents {
    int32_t x = 0, y = 0, width = 0, height = 0;
    uint32_t serial = 0;
    int configures = 0;
    bool done = false;
};
const xdg_popup_listener popup_listener = {
    [](void* d, xdg_popup*, int32_t x, int32_t y, int32_t w, int32_t h) {
        auto* e = static_cast<PopupEvents*>(d);
        e->x = x, e->y = y, e->width = w, e->height = h;
    },
    [](void* d, xdg_popup*) { static_cast<PopupEvents*>(d)->done = true; },
    [](void*, xdg_popup*, uint32_t) {},
};
const xdg_surface_listener popup_surface_listener = {
    [](void* d, xdg_surface*, uint32_t serial) {
        auto* e = static_cast<PopupEvents*>(d);
        e->serial = serial;
        ++e->configures;
    },
};

class LayerPopupTest : public LayerShellTest {
protected:
    void make_popup(int32_t w, int32_t h, int32_t ax, int32_t ay,
                    uint32_t gravity = XDG_POSITIONER_GRAVITY_BOTTOM_RIGHT) {
        xdg_positioner* p = xdg_wm_base_create_positioner(c->wm_base);
        xdg_positioner_set_size(p, w, h);
        xdg_positioner_set_anchor_rect(p, ax, ay, 1, 1);
        xdg_positioner_set_anchor(p, XDG_POSITIONER_ANCHOR_TOP_LEFT);
        xdg_positioner_set_gravity(p, gravity);
        surface = wl_compositor_create_surface(c->compositor);
        xdg = xdg_wm_base_get_xdg_surface(c->wm_base, surface);
        xdg_surface_add_listener(xdg, &popup_surface_listener, &events);
        popup = xdg_surface_get_popup(xdg, nullptr, p);
        xdg_popup_add_listener(popup, &popup_listener, &events);
        xdg_positioner_destroy(p);
    }
    void TearDown() override {
        buffer.reset();
        LayerShellTest::TearDown();
    }
    wl_surface* surface = nullptr;
    xdg_surface* xdg = nullptr;
    xdg_popup* popup = nullptr;
    PopupEvents events;
    std::unique_ptr<Buffer> buffer;
};

TEST_F(LayerPopupTest, a_popup_of_a_bar_opens_relative_to_it_above_the_windows) {
    Layer& bar = new_layer(kBottom, 0, 20, kAnchorBottom | kAnchorLeft | kAnchorRight);
    configure(bar);
    map(bar, 0xff00ff00);
    const Box out = output_box();
    Toplevel& t = window(out.width, out.height, 0xff0000ff);
    c->server_toplevel(t)->move_to(0, 0);
    make_popup(40, 30, 10, 0, XDG_POSITIONER_GRAVITY_TOP_RIGHT);
    zwlr_layer_surface_v1_get_popup(bar.layer, popup);
    wl_surface_commit(surface);
    ASSERT_TRUE(c->dispatch_until([&] { return events.configures == 1; }));
    EXPECT_EQ(events.x, 10) << "relative to the bar";
    EXPECT_EQ(events.y, -30);
    xdg_surface_ack_configure(xdg, events.serial);
    buffer = c->make_buffer(40, 30, WL_SHM_FORMAT_XRGB8888);
    buffer->fill(0xffffffff);
    c->commit_buffer(surface, *buffer);
    ASSERT_TRUE(c->commit_and_wait_frame(surface));
    EXPECT_EQ(pixel(15, out.height - 25), 0xffffffffu) << "the menu shows above the window";
    EXPECT_EQ(pixel(5, out.height - 25), 0xff0000ffu);
    EXPECT_EQ(pixel(5, out.height - 5), 0xff0000ffu) << "the bottom-layer bar is under the window";

    // The bar unmaps: its popup is dismissed.
    wl_surface_attach(bar.surface, nullptr, 0, 0);
    wl_surface_commit(bar.surface);
    ASSERT_TRUE(c->dispatch_until([&] { return events.done; }));
    xdg_popup_destroy(popup);
    xdg_surface_destroy(xdg);
    wl_surface_destroy(surface);
}

TEST_F(LayerPopupTest, a_popup_whose_layer_surface_is_destroyed_is_dismissed) {
    Layer& bar = shown_layer(kTop, 0, 20, kAnchorTop | kAnchorLeft | kAnchorRight, 0xff00ff00);
    make_popup(40, 30, 10, 10);
    zwlr_layer_surface_v1_get_popup(bar.layer, popup);
    wl_surface_commit(surface);
    ASSERT_TRUE(c->dispatch_until([&] { return events.configures == 1; }));
    zwlr_layer_surface_v1_destroy(bar.layer);
    bar.layer = nullptr;
    ASSERT_TRUE(c->dispatch_until([&] { return events.done; }));
    // Requests on it stay harmless.
    xdg_positioner* p = xdg_wm_base_create_positioner(c->wm_base);
    xdg_positioner_set_size(p, 10, 10);
    xdg_positioner_set_anchor_rect(p, 0, 0, 1, 1);
    xdg_popup_reposition(popup, p, 1);
    xdg_positioner_destroy(p);
    EXPECT_TRUE(c->roundtrip());
    xdg_popup_destroy(popup);
    xdg_surface_destroy(xdg);
    wl_surface_destroy(surface);
}

TEST_F(LayerPopupTest, a_null_parent_and_no_get_popup_at_the_initial_commit_is_invalid_popup_parent) {
    make_popup(40, 30, 0, 0);
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_commit(surface), &xdg_wm_base_interface,
                          XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT);
}

TEST_F(LayerPopupTest, get_popup_after_the_initial_commit_is_invalid_popup_parent) {
    Layer& bar = shown_layer(kTop, 0, 20, kAnchorTop | kAnchorLeft | kAnchorRight, 0xff00ff00);
    Layer& other = shown_layer(kTop, 10, 10, 0, 0xff00ff00);
    make_popup(40, 30, 0, 0);
    zwlr_layer_surface_v1_get_popup(bar.layer, popup);
    wl_surface_commit(surface);
    ASSERT_TRUE(c->dispatch_until([&] { return events.configures == 1; }));
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_surface_v1_get_popup(other.layer, popup), &xdg_wm_base_interface,
                          XDG_WM_BASE_ERROR_INVALID_POPUP_PARENT);
}

// --- errors -------------------------------------------------------------------------

TEST_F(LayerShellTest, an_unknown_layer_is_invalid_layer) {
    auto bystander_ = bystander();
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_shell_v1_get_layer_surface(shell, s, nullptr, 4, "x"),
                          &zwlr_layer_shell_v1_interface, ZWLR_LAYER_SHELL_V1_ERROR_INVALID_LAYER);
    expect_bystander_fine(bystander_);
}

TEST_F(LayerShellTest, set_layer_to_an_unknown_layer_is_invalid_layer) {
    Layer& l = new_layer(kTop, 10, 10);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_surface_v1_set_layer(l.layer, 7), &zwlr_layer_shell_v1_interface,
                          ZWLR_LAYER_SHELL_V1_ERROR_INVALID_LAYER);
}

TEST_F(LayerShellTest, set_layer_moves_the_surface_with_the_next_commit) {
    const uint32_t blue = 0xff0000ff, green = 0xff00ff00;
    Toplevel& t = window(100, 100, blue);
    c->server_toplevel(t)->move_to(0, 0);
    Layer& l = shown_layer(kBottom, 50, 50, kAnchorTop | kAnchorLeft, green);
    EXPECT_EQ(pixel(25, 25), blue);
    zwlr_layer_surface_v1_set_layer(l.layer, kOverlay);
    ASSERT_TRUE(c->commit_and_wait_frame(l.surface));
    EXPECT_EQ(pixel(25, 25), green);
}

TEST_F(LayerShellTest, a_surface_with_another_role_is_a_role_error) {
    auto t = c->new_toplevel();
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_shell_v1_get_layer_surface(shell, t->surface, nullptr, kTop, "x"),
                          &zwlr_layer_shell_v1_interface, ZWLR_LAYER_SHELL_V1_ERROR_ROLE);
}

TEST_F(LayerShellTest, a_surface_with_a_buffer_is_already_constructed) {
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    auto b = c->make_buffer(10, 10);
    wl_surface_attach(s, b->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_shell_v1_get_layer_surface(shell, s, nullptr, kTop, "x"),
                          &zwlr_layer_shell_v1_interface, ZWLR_LAYER_SHELL_V1_ERROR_ALREADY_CONSTRUCTED);
}

TEST_F(LayerShellTest, a_committed_buffer_is_already_constructed_too) {
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    auto b = c->make_buffer(10, 10);
    c->commit_buffer(s, *b);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_shell_v1_get_layer_surface(shell, s, nullptr, kTop, "x"),
                          &zwlr_layer_shell_v1_interface, ZWLR_LAYER_SHELL_V1_ERROR_ALREADY_CONSTRUCTED);
}

TEST_F(LayerShellTest, a_second_layer_surface_for_a_surface_is_a_role_error) {
    Layer& l = new_layer(kTop, 10, 10);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_shell_v1_get_layer_surface(shell, l.surface, nullptr, kTop, "x"),
                          &zwlr_layer_shell_v1_interface, ZWLR_LAYER_SHELL_V1_ERROR_ROLE);
}

TEST_F(LayerShellTest, a_width_of_0_without_left_and_right_anchors_is_invalid_size) {
    auto bystander_ = bystander();
    Layer& l = new_layer(kTop, 0, 10, kAnchorLeft | kAnchorTop | kAnchorBottom);
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_commit(l.surface), &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SIZE);
    expect_bystander_fine(bystander_);
}

TEST_F(LayerShellTest, a_height_of_0_without_top_and_bottom_anchors_is_invalid_size) {
    Layer& l = new_layer(kTop, 10, 0, kAnchorLeft | kAnchorRight | kAnchorTop);
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_commit(l.surface), &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SIZE);
}

TEST_F(LayerShellTest, the_default_size_without_anchors_is_invalid_size) {
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    zwlr_layer_shell_v1_get_layer_surface(shell, s, nullptr, kTop, "x");
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_commit(s), &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SIZE);
}

TEST_F(LayerShellTest, anchor_bits_outside_the_enum_are_invalid_anchor) {
    Layer& l = new_layer(kTop, 10, 10);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_surface_v1_set_anchor(l.layer, 16), &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_ANCHOR);
}

TEST_F(LayerShellTest, an_unknown_keyboard_interactivity_is_invalid_keyboard_interactivity) {
    Layer& l = new_layer(kTop, 10, 10);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_surface_v1_set_keyboard_interactivity(l.layer, 3),
                          &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_KEYBOARD_INTERACTIVITY);
}

TEST_F(LayerShellTest, on_demand_on_a_version_3_object_is_invalid_keyboard_interactivity) {
    auto* v3 = bind_global<zwlr_layer_shell_v1>(*c, &zwlr_layer_shell_v1_interface, 3);
    Layer& l = new_layer(kTop, 10, 10, 0, v3);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_surface_v1_set_keyboard_interactivity(l.layer, 2),
                          &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_KEYBOARD_INTERACTIVITY);
}

TEST_F(LayerShellTest, a_buffer_before_the_first_configure_is_an_error) {
    Layer& l = new_layer(kTop, 10, 10);
    auto b = c->make_buffer(10, 10);
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_attach(l.surface, b->buffer, 0, 0), &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(LayerShellTest, a_buffer_before_the_first_ack_is_an_error) {
    Layer& l = new_layer(kTop, 10, 10);
    configure(l);
    auto b = c->make_buffer(10, 10);
    wl_surface_attach(l.surface, b->buffer, 0, 0);
    EXPECT_PROTOCOL_ERROR(*c, wl_surface_commit(l.surface), &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(LayerShellTest, acking_a_serial_never_sent_is_an_error) {
    Layer& l = new_layer(kTop, 10, 10);
    configure(l);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_surface_v1_ack_configure(l.layer, l.serial + 1000),
                          &zwlr_layer_surface_v1_interface, ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(LayerShellTest, past_the_per_client_limit_get_layer_surface_is_no_memory) {
    for (size_t i = 0; i < LayerShell::kMaxPerClient; ++i) new_layer(kTop, 10, 10);
    ASSERT_TRUE(c->roundtrip());
    wl_surface* s = wl_compositor_create_surface(c->compositor);
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_shell_v1_get_layer_surface(shell, s, nullptr, kTop, "x"),
                          &wl_display_interface, WL_DISPLAY_ERROR_NO_MEMORY);
}

TEST_F(LayerShellTest, destroying_the_shell_leaves_its_surfaces_working) {
    Layer& l = new_layer(kTop, 10, 10, kAnchorTop | kAnchorLeft);
    zwlr_layer_shell_v1_destroy(shell);
    shell = nullptr;
    configure(l);
    map(l, 0xff00ff00);
    EXPECT_EQ(pixel(5, 5), 0xff00ff00u);
    // Its errors now come on the layer surface.
    EXPECT_PROTOCOL_ERROR(*c, zwlr_layer_surface_v1_set_layer(l.layer, 9), &zwlr_layer_surface_v1_interface,
                          ZWLR_LAYER_SURFACE_V1_ERROR_INVALID_SURFACE_STATE);
}

TEST_F(LayerShellTest, a_destroyed_wl_surface_leaves_an_inert_layer_surface) {
    Layer& l = new_layer(kTop, 0, 30, kAnchorTop | kAnchorLeft | kAnchorRight);
    zwlr_layer_surface_v1_set_exclusive_zone(l.layer, 30);
    configure(l);
    map(l, 0xff00ff00);
    l.buffer.reset();
    wl_surface_destroy(l.surface);
    l.surface = nullptr;
    c->roundtrip();
    EXPECT_EQ(server->scene().placement_area().y, 0);
    // Its requests are harmless now.
    zwlr_layer_surface_v1_set_size(l.layer, 5, 5);
    zwlr_layer_surface_v1_set_layer(l.layer, kOverlay);
    EXPECT_TRUE(c->roundtrip());
}

// --- the tolerant mode (the WLCS integration only, docs/conformance.md) -------------

class LayerTolerantTest : public LayerPopupTest {
protected:
    ServerConfig config() const override {
        ServerConfig cfg = LayerPopupTest::config();
        cfg.strict_unconfigured_buffer = false;
        return cfg;
    }
};

TEST_F(LayerTolerantTest, a_buffer_in_the_initial_commit_maps_the_layer_surface) {
    Layer& l = new_layer(kTop, 30, 30, kAnchorTop | kAnchorLeft);
    l.buffer = c->make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
    l.buffer->fill(0xff00ff00);
    c->commit_buffer(l.surface, *l.buffer);
    ASSERT_TRUE(c->commit_and_wait_frame(l.surface));
    EXPECT_EQ(l.configures, 1) << "the initial commit is still answered";
    EXPECT_EQ(pixel(15, 15), 0xff00ff00u);
}

TEST_F(LayerTolerantTest, a_popup_mapped_before_its_ack_is_where_its_configure_put_it) {
    Layer& bar = shown_layer(kTop, 0, 40, kAnchorTop | kAnchorLeft | kAnchorRight, 0xff00ff00);
    make_popup(20, 20, 50, 10);
    zwlr_layer_surface_v1_get_popup(bar.layer, popup);
    buffer = c->make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    buffer->fill(0xffffffff);
    c->commit_buffer(surface, *buffer);
    ASSERT_TRUE(c->commit_and_wait_frame(surface));
    EXPECT_EQ(events.x, 50);
    EXPECT_EQ(events.y, 10);
    EXPECT_EQ(pixel(55, 15), 0xffffffffu);
    EXPECT_EQ(pixel(5, 5), 0xff00ff00u);
}

} // namespace
} // namespace shoji::test
