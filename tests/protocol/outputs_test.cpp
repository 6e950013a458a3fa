// Several outputs as test fixtures: the layout from --output specs,
// screenshots of the whole layout or one output, outputs added, removed and
// changed at run time (wl_output globals, surface enter/leave, windows moved
// off a removed output, wl_output events of a change).
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "control/controller.hpp"
#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "output/output.hpp"
#include "output/output_spec.hpp"
#include "shell/xdg_toplevel.hpp"
#include "wlr.hpp"
#include "xdg-output-unstable-v1-client-protocol.h"

namespace shoji::test {
namespace {

OutputConfig spec(const char* text) {
    std::string error;
    std::optional<OutputConfig> c = parse_output_spec(text, &error);
    EXPECT_TRUE(c) << text << ": " << error;
    return c.value_or(OutputConfig{});
}

// A client's wl_output objects, with what they told (v4: name; mode, scale,
// done), and its surface's enter/leave events.
struct ClientOutputs {
    struct Bound {
        wl_output* output = nullptr;
        uint32_t global = 0;
        std::string name;
        int32_t width = 0, height = 0, scale = 1;
        int dones = 0;
    };
    std::vector<std::unique_ptr<Bound>> bound;
    std::vector<uint32_t> removed_globals;
    std::vector<std::string> entered; // names, in order
    std::vector<std::string> left;
    wl_registry* registry = nullptr;

    std::string name_of(wl_output* o) const {
        for (const auto& b : bound)
            if (b->output == o) return b->name;
        return "?";
    }
    Bound* find(const std::string& name) {
        for (const auto& b : bound)
            if (b->name == name) return b.get();
        return nullptr;
    }
    ~ClientOutputs() {
        for (const auto& b : bound) wl_output_release(b->output);
        if (registry) wl_registry_destroy(registry);
    }
};

const wl_output_listener kOutputListener = {
    [](void*, wl_output*, int32_t, int32_t, int32_t, int32_t, int32_t, const char*, const char*, int32_t) {},
    [](void* d, wl_output*, uint32_t flags, int32_t w, int32_t h, int32_t) {
        auto* b = static_cast<ClientOutputs::Bound*>(d);
        if (flags & WL_OUTPUT_MODE_CURRENT) b->width = w, b->height = h;
    },
    [](void* d, wl_output*) { ++static_cast<ClientOutputs::Bound*>(d)->dones; },
    [](void* d, wl_output*, int32_t s) { static_cast<ClientOutputs::Bound*>(d)->scale = s; },
    [](void* d, wl_output*, const char* name) { static_cast<ClientOutputs::Bound*>(d)->name = name; },
    [](void*, wl_output*, const char*) {},
};

const wl_registry_listener kRegistryListener = {
    [](void* d, wl_registry* r, uint32_t name, const char* iface, uint32_t) {
        if (std::strcmp(iface, "wl_output") != 0) return;
        auto* outs = static_cast<ClientOutputs*>(d);
        auto b = std::make_unique<ClientOutputs::Bound>();
        b->global = name;
        b->output = static_cast<wl_output*>(wl_registry_bind(r, name, &wl_output_interface, 4));
        wl_output_add_listener(b->output, &kOutputListener, b.get());
        outs->bound.push_back(std::move(b));
    },
    [](void* d, wl_registry*, uint32_t name) { static_cast<ClientOutputs*>(d)->removed_globals.push_back(name); },
};

const wl_surface_listener kSurfaceListener = {
    [](void* d, wl_surface*, wl_output* o) {
        auto* outs = static_cast<ClientOutputs*>(d);
        outs->entered.push_back(outs->name_of(o));
    },
    [](void* d, wl_surface*, wl_output* o) {
        auto* outs = static_cast<ClientOutputs*>(d);
        outs->left.push_back(outs->name_of(o));
    },
};

class OutputsTest : public ShojiTest {
protected:
    ServerConfig config() const override {
        ServerConfig c = ShojiTest::config();
        c.outputs = {spec("200x100@1000,name=LEFT"), spec("100x100@1000,name=RIGHT,at=300:0")};
        return c;
    }
    void listen(TestClient& c, ClientOutputs& outs) {
        outs.registry = wl_display_get_registry(c.display());
        wl_registry_add_listener(outs.registry, &kRegistryListener, &outs);
        ASSERT_TRUE(c.roundtrip());
        ASSERT_TRUE(c.roundtrip()); // the outputs' events
    }
    // Pumps until no output has damage left to draw.
    void repaint_all(TestClient& c) {
        ASSERT_TRUE(c.roundtrip());
        auto pending = [&] {
            return std::any_of(server->outputs().begin(), server->outputs().end(),
                               [](const auto& o) { return o->has_pending_damage(); });
        };
        for (int i = 0; i < 2000 && pending(); ++i) server->dispatch(1);
        ASSERT_FALSE(pending()) << "an output never repainted";
        ASSERT_TRUE(c.roundtrip());
    }
    Box box_of(const char* name) const {
        const Output* o = server->find_output(name);
        EXPECT_NE(o, nullptr) << name;
        return o ? o->layout_box() : Box{};
    }
};

TEST_F(OutputsTest, specs_make_named_outputs_placed_in_the_layout) {
    ASSERT_EQ(server->outputs().size(), 2u);
    EXPECT_STREQ(server->output(0)->wlr()->name, "LEFT");
    EXPECT_STREQ(server->output(1)->wlr()->name, "RIGHT");
    EXPECT_EQ(box_of("LEFT"), (Box{0, 0, 200, 100}));
    EXPECT_EQ(box_of("RIGHT"), (Box{300, 0, 100, 100}));

    // A third without at=: to the right of the previous one.
    std::string error;
    Output* third = server->add_output(spec("50x50,scale=2"), &error);
    ASSERT_NE(third, nullptr) << error;
    EXPECT_EQ(third->layout_box(), (Box{400, 0, 25, 25}));
    EXPECT_EQ(std::string(third->wlr()->name).rfind("HEADLESS-", 0), 0u) << third->wlr()->name;

    // Clients see the names (wl_output v4).
    TestClient& c = connect();
    ClientOutputs outs;
    listen(c, outs);
    ASSERT_EQ(outs.bound.size(), 3u);
    ASSERT_NE(outs.find("LEFT"), nullptr);
    EXPECT_EQ(outs.find("LEFT")->width, 200);
    ASSERT_NE(outs.find("RIGHT"), nullptr);
    EXPECT_EQ(outs.find(third->wlr()->name)->scale, 2);
}

TEST_F(OutputsTest, screenshot_covers_the_layout_and_gaps_are_the_background) {
    TestClient& c = connect();
    Window w = map_window(c, 40, 40, kRed);
    XdgToplevel* t = c.server_toplevel(*w.toplevel);
    t->move_to(330, 30); // on RIGHT
    repaint_all(c);

    LayoutSnapshot all = server->capture();
    ASSERT_TRUE(all.image);
    EXPECT_EQ(all.area, (Box{0, 0, 400, 100}));
    EXPECT_EQ(pixman_image_get_width(all.image.get()), 400);
    EXPECT_EQ(pixman_image_get_height(all.image.get()), 100);
    EXPECT_EQ(pixel_at(all.image.get(), 250, 50), background()); // the gap
    EXPECT_EQ(pixel_at(all.image.get(), 350, 50), kRed);
    EXPECT_EQ(pixel_at(all.image.get(), 100, 50), background()); // LEFT, empty now

    LayoutSnapshot right = server->capture(server->find_output("RIGHT"));
    ASSERT_TRUE(right.image);
    EXPECT_EQ(pixman_image_get_width(right.image.get()), 100);
    EXPECT_EQ(pixel_at(right.image.get(), 50, 50), kRed);
    EXPECT_EQ(pixel_at(right.image.get(), 5, 5), background());
}

TEST_F(OutputsTest, a_layout_of_mixed_scales_is_captured_at_the_largest_scale) {
    std::string error;
    Output* right = server->find_output("RIGHT");
    ASSERT_TRUE(server->configure_output(*right, Server::OutputChange{{}, {}, 2 * kScaleUnit, {}, {}}, &error)) << error;
    EXPECT_EQ(right->layout_box(), (Box{300, 0, 50, 50}));
    TestClient& c = connect();
    Window w = map_window(c, 20, 20, kBlue);
    c.server_toplevel(*w.toplevel)->move_to(310, 10);
    repaint_all(c);
    LayoutSnapshot all = server->capture();
    ASSERT_TRUE(all.image);
    EXPECT_EQ(all.scale120, 2 * kScaleUnit);
    EXPECT_EQ(pixman_image_get_width(all.image.get()), 700);
    EXPECT_EQ(pixman_image_get_height(all.image.get()), 200);
    EXPECT_EQ(pixel_at(all.image.get(), 2 * 315, 2 * 15), kBlue);
    EXPECT_EQ(pixel_at(all.image.get(), 2 * 100, 2 * 90), background()); // LEFT, scaled up
    EXPECT_EQ(pixel_at(all.image.get(), 2 * 320, 2 * 80), background()); // below RIGHT: a gap
}

TEST_F(OutputsTest, an_added_output_is_a_new_global_the_surface_enters_as_it_moves_onto_it) {
    TestClient& c = connect();
    ClientOutputs outs;
    listen(c, outs);
    ASSERT_EQ(outs.bound.size(), 2u);
    auto t = c.make_toplevel();
    wl_surface_add_listener(t->surface, &kSurfaceListener, &outs);
    auto b = c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    b->fill(kGreen);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(outs.entered, std::vector<std::string>{"LEFT"});

    std::string error;
    ASSERT_NE(server->add_output(spec("100x100@1000,name=BELOW,at=0:100"), &error), nullptr) << error;
    ASSERT_TRUE(c.dispatch_until([&] { return outs.find("BELOW") && outs.find("BELOW")->dones > 0; }));

    // Straddling LEFT and BELOW: it is on both.
    c.server_toplevel(*t)->move_to(10, 80);
    repaint_all(c);
    ASSERT_TRUE(c.dispatch_until([&] { return outs.entered.size() == 2; }));
    EXPECT_EQ(outs.entered[1], "BELOW");
    EXPECT_TRUE(outs.left.empty());

    // All on BELOW: it leaves LEFT.
    c.server_toplevel(*t)->move_to(10, 140);
    repaint_all(c);
    ASSERT_TRUE(c.dispatch_until([&] { return outs.left.size() == 1; }));
    EXPECT_EQ(outs.left[0], "LEFT");
    EXPECT_EQ(outs.entered.size(), 2u);
}

TEST_F(OutputsTest, a_window_on_a_removed_output_moves_to_a_remaining_one_and_is_shown) {
    TestClient& c = connect();
    ClientOutputs outs;
    listen(c, outs);
    auto t = c.make_toplevel();
    wl_surface_add_listener(t->surface, &kSurfaceListener, &outs);
    auto b = c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
    b->fill(kRed);
    c.commit_buffer(t->surface, *b);
    ASSERT_TRUE(c.commit_and_wait_frame(t->surface));
    XdgToplevel* st = c.server_toplevel(*t);
    st->move_to(320, 20); // all on RIGHT
    repaint_all(c);
    ASSERT_TRUE(c.dispatch_until([&] { return std::count(outs.left.begin(), outs.left.end(), "LEFT") == 1; }));
    ASSERT_EQ(outs.entered.back(), "RIGHT");
    const uint32_t right_global = outs.find("RIGHT")->global;

    std::string error;
    ASSERT_TRUE(server->remove_output(*server->find_output("RIGHT"), &error)) << error;
    ASSERT_EQ(server->outputs().size(), 1u);
    // The client is told: the surface left RIGHT, its global is gone, it
    // entered LEFT where the window now is.
    ASSERT_TRUE(c.dispatch_until([&] { return outs.entered.size() == 3; }));
    EXPECT_EQ(outs.left.back(), "RIGHT");
    EXPECT_EQ(outs.removed_globals, std::vector<uint32_t>{right_global});
    EXPECT_EQ(outs.entered.back(), "LEFT");
    const Box left = box_of("LEFT");
    EXPECT_GE(st->x(), left.x);
    EXPECT_LE(st->x() + 40, left.x + left.width);
    repaint_all(c);
    const auto [x, y] = surface_origin(c, t->surface);
    EXPECT_EQ(pixel(x + 20, y + 20), kRed);
}

TEST_F(OutputsTest, the_last_output_cannot_be_removed) {
    std::string error;
    ASSERT_TRUE(server->remove_output(*server->find_output("RIGHT"), &error)) << error;
    EXPECT_FALSE(server->remove_output(*server->find_output("LEFT"), &error));
    EXPECT_EQ(error, "cannot remove LEFT: it is the last output");
    EXPECT_EQ(server->outputs().size(), 1u);
}

TEST_F(OutputsTest, a_change_of_mode_scale_and_position_is_told_to_clients_and_repainted) {
    TestClient& c = connect();
    ClientOutputs outs;
    listen(c, outs);
    Window w = map_window(c, 30, 30, kBlue);
    c.server_toplevel(*w.toplevel)->move_to(310, 10);
    repaint_all(c);
    ClientOutputs::Bound* right = outs.find("RIGHT");
    ASSERT_NE(right, nullptr);
    const int dones = right->dones;

    Controller control(*server);
    Controller::OutputSettings set;
    set.width = 200, set.height = 200, set.scale120 = 2 * kScaleUnit, set.x = 300, set.y = 0;
    const Controller::Status s = control.output_set("RIGHT", set);
    ASSERT_TRUE(s.ok()) << s.error;
    ASSERT_TRUE(c.dispatch_until([&] { return right->dones > dones && right->scale == 2 && right->width == 200; }));
    EXPECT_EQ(box_of("RIGHT"), (Box{300, 0, 100, 100}));
    repaint_all(c);
    // The window, now drawn at scale 2 on RIGHT's pixels.
    LayoutSnapshot shot = server->capture(server->find_output("RIGHT"));
    ASSERT_TRUE(shot.image);
    EXPECT_EQ(pixman_image_get_width(shot.image.get()), 200);
    EXPECT_EQ(pixel_at(shot.image.get(), 2 * 20, 2 * 20), kBlue);
    EXPECT_EQ(pixel_at(shot.image.get(), 2 * 50, 2 * 50), background());

    // A size that is not a multiple of the scale: refused, nothing changes.
    set = {};
    set.width = 201, set.height = 200;
    const Controller::Status bad = control.output_set("RIGHT", set);
    EXPECT_EQ(bad.error, "RIGHT: size 201x200 is not a multiple of scale 2");
    EXPECT_EQ(server->find_output("RIGHT")->wlr()->width, 200);

    // Moved: the window stays where it is in the layout, now on no output,
    // so it moves to LEFT.
    set = {};
    set.x = 1000, set.y = 1000;
    ASSERT_TRUE(control.output_set("RIGHT", set).ok());
    EXPECT_EQ(box_of("RIGHT"), (Box{1000, 1000, 100, 100}));
    XdgToplevel* t = c.server_toplevel(*w.toplevel);
    EXPECT_LT(t->x(), 200);
    repaint_all(c);
    EXPECT_EQ(pixel(t->x() + 15, t->y() + 15), kBlue);
}

// xdg-output follows the layout: a moved output's logical position and a
// rescaled one's logical size are sent again, with done.
TEST_F(OutputsTest, xdg_output_tells_the_new_position_and_logical_size) {
    TestClient& c = connect();
    ClientOutputs outs;
    listen(c, outs);
    auto* manager = bind_global<zxdg_output_manager_v1>(c, &zxdg_output_manager_v1_interface, 3);
    ASSERT_NE(manager, nullptr);
    struct Logical {
        int32_t x = 0, y = 0, width = 0, height = 0;
        int dones = 0;
    } logical;
    static const zxdg_output_v1_listener listener = {
        [](void* d, zxdg_output_v1*, int32_t x, int32_t y) {
            auto* l = static_cast<Logical*>(d);
            l->x = x, l->y = y;
        },
        [](void* d, zxdg_output_v1*, int32_t w, int32_t h) {
            auto* l = static_cast<Logical*>(d);
            l->width = w, l->height = h;
        },
        [](void* d, zxdg_output_v1*) { ++static_cast<Logical*>(d)->dones; },
        [](void*, zxdg_output_v1*, const char*) {},
        [](void*, zxdg_output_v1*, const char*) {},
    };
    zxdg_output_v1* xdg = zxdg_output_manager_v1_get_xdg_output(manager, outs.find("RIGHT")->output);
    zxdg_output_v1_add_listener(xdg, &listener, &logical);
    ASSERT_TRUE(c.roundtrip());
    EXPECT_EQ(logical.x, 300);
    EXPECT_EQ(logical.width, 100);

    std::string error;
    ASSERT_TRUE(server->configure_output(*server->find_output("RIGHT"), Server::OutputChange{{}, {}, 2 * kScaleUnit, 0, 100},
                                         &error))
        << error;
    ASSERT_TRUE(c.dispatch_until([&] { return logical.y == 100 && logical.width == 50; }));
    EXPECT_EQ(logical.x, 0);
    EXPECT_EQ(logical.height, 50);
    zxdg_output_v1_destroy(xdg);
    zxdg_output_manager_v1_destroy(manager);
}

TEST_F(OutputsTest, control_verbs_list_add_and_remove_outputs_with_errors_naming_values) {
    Controller control(*server);
    std::string name;
    EXPECT_EQ(control.output_add("10x10,scale=9", &name).error,
              "invalid output spec '10x10,scale=9': scale '9': expected a number from 1 to 8 (rounded to the nearest "
              "1/120)");
    EXPECT_EQ(control.output_add("10x10,scale=1.5", &name).error,
              "invalid output spec '10x10,scale=1.5': size 10x10 at scale 1.5 is 6.67x6.67 logical pixels: each side "
              "must divide to a whole number");
    EXPECT_EQ(control.output_add("10x10,name=LEFT", &name).error, "there is an output named 'LEFT' already");
    ASSERT_TRUE(control.output_add("64x48,name=EXTRA", &name).ok());
    EXPECT_EQ(name, "EXTRA");
    std::vector<OutputInfo> list = control.outputs();
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[2].name, "EXTRA");
    EXPECT_EQ(list[2].x, 400);
    EXPECT_EQ(list[2].pixel_width, 64);
    EXPECT_EQ(control.output_remove("NOPE").error, "no output 'NOPE'");
    ASSERT_TRUE(control.output_remove("EXTRA").ok());
    ASSERT_TRUE(control.output_remove("RIGHT").ok());
    EXPECT_EQ(control.output_remove("LEFT").error, "cannot remove LEFT: it is the last output");
    // Up to the limit, and no further.
    for (size_t i = server->outputs().size(); i < kMaxOutputs; ++i) ASSERT_TRUE(control.output_add("8x8", &name).ok());
    EXPECT_EQ(control.output_add("8x8", &name).error, "there are 16 outputs already: at most 16");
}

TEST(OutputSpec, bad_specs_are_refused_naming_the_bad_part) {
    std::string error;
    EXPECT_FALSE(parse_output_spec("100", &error));
    EXPECT_EQ(error, "size '100': expected WIDTHxHEIGHT, each 1 to 16384");
    EXPECT_FALSE(parse_output_spec("100x100@0", &error));
    EXPECT_EQ(error, "refresh '0': expected an integer from 1 to 1000 (Hz)");
    EXPECT_FALSE(parse_output_spec("100x100,scale=0.5", &error));
    EXPECT_EQ(error, "scale '0.5': expected a number from 1 to 8 (rounded to the nearest 1/120)");
    EXPECT_FALSE(parse_output_spec("100x100,scale=-2", &error));
    EXPECT_EQ(error, "scale '-2': expected a number from 1 to 8 (rounded to the nearest 1/120)");
    EXPECT_FALSE(parse_output_spec("101x100,scale=2", &error));
    EXPECT_EQ(error, "size 101x100 is not a multiple of scale 2");
    EXPECT_FALSE(parse_output_spec("100x100,at=1", &error));
    EXPECT_FALSE(parse_output_spec("100x100,name=a/b", &error));
    EXPECT_FALSE(parse_output_spec("100x100,name=HEADLESS-3", &error));
    EXPECT_FALSE(parse_output_spec("100x100,size=3", &error));
    EXPECT_EQ(error, "'size=3': expected scale=S, name=NAME or at=X:Y");
    EXPECT_FALSE(parse_output_spec("100x100,scale=1,scale=2", &error));
    const std::optional<OutputConfig> c = parse_output_spec("640x480@30,scale=2,name=TV,at=-640:0", &error);
    ASSERT_TRUE(c) << error;
    EXPECT_EQ(c->width, 640);
    EXPECT_EQ(c->refresh_hz, 30);
    EXPECT_EQ(c->scale120, 2 * kScaleUnit);
    const std::optional<OutputConfig> f = parse_output_spec("1000x800,scale=1.25", &error);
    ASSERT_TRUE(f) << error;
    EXPECT_EQ(f->scale120, 150);
    EXPECT_EQ(c->name, "TV");
    EXPECT_TRUE(c->positioned);
    EXPECT_EQ(c->x, -640);
}

} // namespace
} // namespace shoji::test
