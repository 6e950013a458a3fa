// zwp_text_input_manager_v3 with zwp_input_method_manager_v2 as clients see
// them: an application's text input follows the keyboard focus; enabling it
// activates the input method, which is told the field's state and composes
// text into it (preedit, commit, delete), each batch ended by done with the
// serial the specs define; the input method's keyboard grab; one input
// method per seat; bad values ignored or the error the spec asks for.
#include <linux/input-event-codes.h>

#include <memory>
#include <string>
#include <vector>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "input-method-unstable-v2-client-protocol.h"
#include "seat/wl_seat.hpp"
#include "seat/zwp_text_input_v3.hpp"
#include "text-input-unstable-v3-client-protocol.h"

namespace shoji::test {
namespace {

// --- the application's side -----------------------------------------------------
struct Field {
    zwp_text_input_v3* ti = nullptr;
    wl_surface* focus = nullptr;
    int enters = 0, leaves = 0;
    // What one done applied, and every done's serial.
    std::string preedit, committed;
    int32_t preedit_begin = 0, preedit_end = 0;
    uint32_t delete_before = 0, delete_after = 0;
    std::vector<uint32_t> dones;
    // Pending until done.
    std::string p_preedit, p_commit;
    int32_t p_begin = 0, p_end = 0;
    uint32_t p_before = 0, p_after = 0;
    ~Field() {
        if (ti) zwp_text_input_v3_destroy(ti);
    }
};
const zwp_text_input_v3_listener field_listener = {
    /* enter */ [](void* d, zwp_text_input_v3*, wl_surface* s) { auto* f = static_cast<Field*>(d); f->focus = s; ++f->enters; },
    /* leave */ [](void* d, zwp_text_input_v3*, wl_surface*) { auto* f = static_cast<Field*>(d); f->focus = nullptr; ++f->leaves; },
    /* preedit_string */
    [](void* d, zwp_text_input_v3*, const char* text, int32_t b, int32_t e) {
        auto* f = static_cast<Field*>(d);
        f->p_preedit = text ? text : "";
        f->p_begin = b, f->p_end = e;
    },
    /* commit_string */ [](void* d, zwp_text_input_v3*, const char* text) { static_cast<Field*>(d)->p_commit = text ? text : ""; },
    /* delete_surrounding_text */
    [](void* d, zwp_text_input_v3*, uint32_t before, uint32_t after) {
        auto* f = static_cast<Field*>(d);
        f->p_before = before, f->p_after = after;
    },
    /* done */
    [](void* d, zwp_text_input_v3*, uint32_t serial) {
        auto* f = static_cast<Field*>(d);
        f->preedit = f->p_preedit, f->preedit_begin = f->p_begin, f->preedit_end = f->p_end;
        f->committed += f->p_commit;
        f->delete_before = f->p_before, f->delete_after = f->p_after;
        f->p_preedit.clear(), f->p_commit.clear(), f->p_begin = f->p_end = 0, f->p_before = f->p_after = 0;
        f->dones.push_back(serial);
    },
};

// --- the input method's side ------------------------------------------------------
struct Ime {
    zwp_input_method_v2* im = nullptr;
    std::vector<std::string> events; // in order: "activate", "surrounding:TEXT:C:A", "cause:N", ...
    uint32_t dones = 0;
    bool unavailable = false;
    ~Ime() {
        if (im) zwp_input_method_v2_destroy(im);
    }
    int count(const std::string& e) const { return int(std::count(events.begin(), events.end(), e)); }
};
const zwp_input_method_v2_listener ime_listener = {
    /* activate */ [](void* d, zwp_input_method_v2*) { static_cast<Ime*>(d)->events.push_back("activate"); },
    /* deactivate */ [](void* d, zwp_input_method_v2*) { static_cast<Ime*>(d)->events.push_back("deactivate"); },
    /* surrounding_text */
    [](void* d, zwp_input_method_v2*, const char* text, uint32_t c, uint32_t a) {
        static_cast<Ime*>(d)->events.push_back("surrounding:" + std::string(text) + ":" + std::to_string(c) + ":" +
                                               std::to_string(a));
    },
    /* text_change_cause */
    [](void* d, zwp_input_method_v2*, uint32_t c) { static_cast<Ime*>(d)->events.push_back("cause:" + std::to_string(c)); },
    /* content_type */
    [](void* d, zwp_input_method_v2*, uint32_t h, uint32_t p) {
        static_cast<Ime*>(d)->events.push_back("content:" + std::to_string(h) + ":" + std::to_string(p));
    },
    /* done */
    [](void* d, zwp_input_method_v2*) {
        auto* i = static_cast<Ime*>(d);
        ++i->dones;
        i->events.push_back("done");
    },
    /* unavailable */ [](void* d, zwp_input_method_v2*) { static_cast<Ime*>(d)->unavailable = true; },
};

struct Grab {
    zwp_input_method_keyboard_grab_v2* grab = nullptr;
    int keymaps = 0;
    int32_t rate = -1, delay = -1;
    std::vector<uint32_t> keys; // evdev codes, presses and releases
    int modifier_events = 0;
    uint32_t depressed = 0;
    ~Grab() {
        if (grab) zwp_input_method_keyboard_grab_v2_release(grab);
    }
};
const zwp_input_method_keyboard_grab_v2_listener grab_listener = {
    /* keymap */ [](void* d, zwp_input_method_keyboard_grab_v2*, uint32_t, int32_t fd, uint32_t) {
        ++static_cast<Grab*>(d)->keymaps;
        close(fd);
    },
    /* key */ [](void* d, zwp_input_method_keyboard_grab_v2*, uint32_t, uint32_t, uint32_t key, uint32_t) {
        static_cast<Grab*>(d)->keys.push_back(key);
    },
    /* modifiers */
    [](void* d, zwp_input_method_keyboard_grab_v2*, uint32_t, uint32_t dep, uint32_t, uint32_t, uint32_t) {
        auto* g = static_cast<Grab*>(d);
        ++g->modifier_events;
        g->depressed = dep;
    },
    /* repeat_info */ [](void* d, zwp_input_method_keyboard_grab_v2*, int32_t rate, int32_t delay) {
        auto* g = static_cast<Grab*>(d);
        g->rate = rate, g->delay = delay;
    },
};

class TextInputTest : public ShojiTest {
protected:
    struct App {
        TestClient* c = nullptr;
        zwp_text_input_manager_v3* manager = nullptr;
        std::unique_ptr<Keyboard> kb;
        std::unique_ptr<Toplevel> win;
        std::unique_ptr<Buffer> buffer;
    };
    std::vector<std::unique_ptr<App>> apps_;
    std::vector<std::unique_ptr<Field>> fields_;
    std::vector<std::unique_ptr<Ime>> imes_;

    void TearDown() override {
        fields_.clear();
        imes_.clear();
        apps_.clear();
        ShojiTest::TearDown();
    }

    // A client with a text input manager and a keyboard; `mapped`: with a
    // window that has the keyboard focus.
    App& app(bool mapped = true) {
        apps_.push_back(std::make_unique<App>());
        App& a = *apps_.back();
        a.c = &connect();
        a.manager = bind_global<zwp_text_input_manager_v3>(*a.c, &zwp_text_input_manager_v3_interface, 1);
        EXPECT_NE(a.manager, nullptr) << "no zwp_text_input_manager_v3 global";
        a.kb = a.c->get_keyboard();
        if (mapped) focus_new_window(a);
        return a;
    }
    void focus_new_window(App& a) {
        a.win = a.c->make_toplevel();
        a.buffer = a.c->make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
        a.buffer->fill(0xff336699);
        a.c->commit_buffer(a.win->surface, *a.buffer);
        EXPECT_TRUE(a.c->commit_and_wait_frame(a.win->surface));
        EXPECT_TRUE(a.c->dispatch_until([&] { return a.kb->focus == a.win->surface; }));
    }
    Field& field(App& a) {
        fields_.push_back(std::make_unique<Field>());
        Field& f = *fields_.back();
        f.ti = zwp_text_input_manager_v3_get_text_input(a.manager, a.c->seat);
        zwp_text_input_v3_add_listener(f.ti, &field_listener, &f);
        EXPECT_TRUE(a.c->roundtrip());
        return f;
    }
    // A client that becomes the seat's input method.
    std::pair<TestClient*, Ime*> ime(TestClient* c = nullptr) {
        if (!c) c = &connect();
        auto* m = bind_global<zwp_input_method_manager_v2>(*c, &zwp_input_method_manager_v2_interface, 1);
        EXPECT_NE(m, nullptr) << "no zwp_input_method_manager_v2 global";
        imes_.push_back(std::make_unique<Ime>());
        Ime& i = *imes_.back();
        i.im = zwp_input_method_manager_v2_get_input_method(m, c->seat);
        zwp_input_method_v2_add_listener(i.im, &ime_listener, &i);
        EXPECT_TRUE(c->roundtrip());
        return {c, &i};
    }
    void enable(App& a, Field& f) {
        zwp_text_input_v3_enable(f.ti);
        zwp_text_input_v3_commit(f.ti);
        EXPECT_TRUE(a.c->roundtrip());
    }
};

TEST_F(TextInputTest, both_globals_are_advertised_at_version_1) {
    TestClient& c = connect();
    EXPECT_EQ(c.globals["zwp_text_input_manager_v3"], 1u);
    EXPECT_EQ(c.globals["zwp_input_method_manager_v2"], 1u);
}

// text-input-unstable-v3.xml: "the text-input focus follows the keyboard
// focus"; enter goes to every text input of the focused client, leave
// before the next enter.
TEST_F(TextInputTest, text_inputs_enter_and_leave_with_the_keyboard_focus) {
    App& a = app();
    Field& early = field(a);
    EXPECT_EQ(early.focus, a.win->surface) << "a text input made during the focus did not enter at once";
    Field& second = field(a);
    EXPECT_EQ(second.focus, a.win->surface) << "every text input of the client enters";

    App& b = app(false);
    Field& other = field(b);
    ASSERT_TRUE(a.c->roundtrip());
    EXPECT_EQ(other.enters, 0) << "a client without the focus was entered";
    focus_new_window(b);
    ASSERT_TRUE(dispatch_until({a.c, b.c}, [&] { return other.enters == 1 && early.leaves == 1; }));
    EXPECT_EQ(other.focus, b.win->surface);
    EXPECT_EQ(early.focus, nullptr);
    EXPECT_EQ(second.leaves, 1);

    // The focused window goes (unmapped before its surface is destroyed):
    // leave, and the focus is back on a's window.
    b.win.reset();
    ASSERT_TRUE(dispatch_until({a.c, b.c}, [&] { return other.leaves == 1 && early.enters == 2; }));
    EXPECT_EQ(early.focus, a.win->surface);
}

// The dance the WLCS suite describes: enable + commit activates the input
// method with the field's state and done; its text reaches the field with
// done(serial = the field's commits); disable deactivates it.
TEST_F(TextInputTest, an_input_method_composes_text_into_the_focused_field) {
    auto [ic, im] = ime();
    App& a = app();
    Field& f = field(a);
    zwp_text_input_v3_enable(f.ti);
    zwp_text_input_v3_set_surrounding_text(f.ti, "hello world", 5, 0);
    zwp_text_input_v3_set_text_change_cause(f.ti, ZWP_TEXT_INPUT_V3_CHANGE_CAUSE_OTHER);
    zwp_text_input_v3_set_content_type(f.ti, ZWP_TEXT_INPUT_V3_CONTENT_HINT_SPELLCHECK,
                                       ZWP_TEXT_INPUT_V3_CONTENT_PURPOSE_EMAIL);
    zwp_text_input_v3_commit(f.ti);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 1; }));
    EXPECT_EQ(im->events, (std::vector<std::string>{"activate", "surrounding:hello world:5:0", "cause:1",
                                                   "content:" + std::to_string(ZWP_TEXT_INPUT_V3_CONTENT_HINT_SPELLCHECK) +
                                                       ":" + std::to_string(ZWP_TEXT_INPUT_V3_CONTENT_PURPOSE_EMAIL),
                                                   "done"}));

    // Preedit first, then the composed text replaces it.
    zwp_input_method_v2_set_preedit_string(im->im, "ni", 2, 2);
    zwp_input_method_v2_commit(im->im, im->dones);
    ASSERT_TRUE(ic->roundtrip());
    ASSERT_TRUE(a.c->dispatch_until([&] { return f.dones.size() == 1; }));
    EXPECT_EQ(f.dones[0], 1u) << "done's serial is the number of commits of the text input";
    EXPECT_EQ(f.preedit, "ni");
    EXPECT_EQ(f.preedit_begin, 2);
    zwp_input_method_v2_commit_string(im->im, "你");
    zwp_input_method_v2_delete_surrounding_text(im->im, 1, 2);
    zwp_input_method_v2_commit(im->im, im->dones);
    ASSERT_TRUE(ic->roundtrip());
    ASSERT_TRUE(a.c->dispatch_until([&] { return f.dones.size() == 2; }));
    EXPECT_EQ(f.committed, "你");
    EXPECT_EQ(f.preedit, "") << "a commit without a preedit clears it";
    EXPECT_EQ(f.delete_before, 1u);
    EXPECT_EQ(f.delete_after, 2u);

    // A further commit of the field's state: the input method gets it and
    // done; the next done serial counts it.
    zwp_text_input_v3_set_surrounding_text(f.ti, "hello 你 world", 9, 9);
    zwp_text_input_v3_commit(f.ti);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 2; }));
    EXPECT_EQ(im->count("activate"), 1) << "a commit of an enabled field is not a new activation";
    EXPECT_EQ(im->count("surrounding:hello 你 world:9:9"), 1);
    zwp_input_method_v2_commit_string(im->im, "!");
    zwp_input_method_v2_commit(im->im, im->dones);
    ASSERT_TRUE(ic->roundtrip());
    ASSERT_TRUE(a.c->dispatch_until([&] { return f.dones.size() == 3; }));
    EXPECT_EQ(f.dones[2], 2u);

    zwp_text_input_v3_disable(f.ti);
    zwp_text_input_v3_commit(f.ti);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 3; }));
    EXPECT_EQ(im->events[im->events.size() - 2], "deactivate");
    // Text sent now has no field to go to.
    zwp_input_method_v2_commit_string(im->im, "lost");
    zwp_input_method_v2_commit(im->im, im->dones);
    ASSERT_TRUE(ic->roundtrip());
    ASSERT_TRUE(a.c->roundtrip());
    EXPECT_EQ(f.dones.size(), 3u);
    EXPECT_EQ(f.committed, "你!");
}

// input-method-unstable-v2.xml, commit: with a serial other than the
// number of done events the state is not applied.
TEST_F(TextInputTest, a_commit_with_a_stale_serial_is_dropped) {
    auto [ic, im] = ime();
    App& a = app();
    Field& f = field(a);
    enable(a, f);
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 1; }));
    zwp_input_method_v2_commit_string(im->im, "stale");
    zwp_input_method_v2_commit(im->im, 0);
    zwp_input_method_v2_commit(im->im, im->dones); // the pending text went with the dropped commit
    ASSERT_TRUE(ic->roundtrip());
    ASSERT_TRUE(a.c->dispatch_until([&] { return !f.dones.empty(); }));
    EXPECT_EQ(f.committed, "");
    EXPECT_EQ(f.dones.size(), 1u) << "the stale commit reached the field";
}

// text-input-unstable-v3.xml, enable: "Requests to enable the another text
// input when some text input is active must be ignored by compositor."
TEST_F(TextInputTest, a_second_field_cannot_take_over_the_active_one) {
    auto [ic, im] = ime();
    App& a = app();
    Field& first = field(a);
    Field& second = field(a);
    enable(a, first);
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 1; }));
    enable(a, second);
    ASSERT_TRUE(ic->roundtrip());
    EXPECT_EQ(im->dones, 1u) << "the second enable reached the input method";
    zwp_input_method_v2_commit_string(im->im, "x");
    zwp_input_method_v2_commit(im->im, im->dones);
    ASSERT_TRUE(ic->roundtrip());
    ASSERT_TRUE(a.c->dispatch_until([&] { return !first.dones.empty(); }));
    EXPECT_EQ(first.committed, "x");
    EXPECT_TRUE(second.dones.empty());
}

// The input method is deactivated when its field loses the focus or is
// destroyed; an input method that arrives while a field is enabled is
// activated at once.
TEST_F(TextInputTest, focus_loss_and_destruction_deactivate_and_a_late_input_method_is_activated) {
    App& a = app();
    Field& f = field(a);
    enable(a, f);
    auto [ic, im] = ime();
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 1; }));
    EXPECT_EQ(im->events.front(), "activate") << "the enabled field was not given to the new input method";

    App& b = app();
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 2; }));
    EXPECT_EQ(im->count("deactivate"), 1) << "the focus went elsewhere";
    Field& g = field(b);
    enable(b, g);
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 3; }));
    zwp_text_input_v3_destroy(g.ti);
    g.ti = nullptr;
    ASSERT_TRUE(b.c->roundtrip());
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 4; }));
    EXPECT_EQ(im->count("deactivate"), 2) << "destroying the active field did not deactivate";
}

// input-method-unstable-v2.xml, unavailable: the only event of an input
// method made while the seat has one; the first keeps working.
TEST_F(TextInputTest, a_second_input_method_is_unavailable) {
    auto [c1, first] = ime();
    auto [c2, second] = ime();
    ASSERT_TRUE(c2->roundtrip());
    EXPECT_TRUE(second->unavailable);
    EXPECT_FALSE(first->unavailable);
    App& a = app();
    Field& f = field(a);
    enable(a, f);
    ASSERT_TRUE(c1->dispatch_until([&] { return first->dones == 1; }));
    ASSERT_TRUE(c2->roundtrip());
    EXPECT_TRUE(second->events.empty()) << "the unavailable input method got events";
    zwp_input_method_v2_commit_string(second->im, "no");
    zwp_input_method_v2_commit(second->im, 0);
    ASSERT_TRUE(c2->roundtrip());
    ASSERT_TRUE(a.c->roundtrip());
    EXPECT_TRUE(f.dones.empty());
    EXPECT_FALSE(c2->has_error());
}

// The keyboard grab: the seat's keymap and repeat info first, then every key
// goes to the input method and none to the focused client, until release.
TEST_F(TextInputTest, the_keyboard_grab_takes_the_keys_until_it_is_released) {
    auto [ic, im] = ime();
    App& a = app();
    auto grab = std::make_unique<Grab>();
    grab->grab = zwp_input_method_v2_grab_keyboard(im->im);
    zwp_input_method_keyboard_grab_v2_add_listener(grab->grab, &grab_listener, grab.get());
    ASSERT_TRUE(ic->roundtrip());
    EXPECT_EQ(grab->keymaps, 1);
    EXPECT_EQ(grab->rate, Seat::kRepeatRate);
    EXPECT_EQ(grab->delay, Seat::kRepeatDelay);

    const size_t app_keys = a.kb->keys.size();
    server->seat().keyboard_key(KEY_LEFTSHIFT, true, 1);
    server->seat().keyboard_key(KEY_A, true, 2);
    server->seat().keyboard_key(KEY_A, false, 3);
    server->seat().keyboard_key(KEY_LEFTSHIFT, false, 4);
    ASSERT_TRUE(ic->dispatch_until([&] { return grab->keys.size() == 4; }));
    EXPECT_EQ(grab->keys, (std::vector<uint32_t>{KEY_LEFTSHIFT, KEY_A, KEY_A, KEY_LEFTSHIFT}));
    EXPECT_EQ(grab->modifier_events, 2) << "Shift down and up";
    ASSERT_TRUE(a.c->roundtrip());
    EXPECT_EQ(a.kb->keys.size(), app_keys) << "the focused client got grabbed keys";

    grab.reset();
    ASSERT_TRUE(ic->roundtrip());
    server->seat().keyboard_key(KEY_B, true, 5);
    ASSERT_TRUE(a.c->dispatch_until([&] { return a.kb->keys.size() == app_keys + 1; }));
    EXPECT_EQ(a.kb->keys.back().key, uint32_t(KEY_B));
    server->seat().keyboard_key(KEY_B, false, 6);
}

// Surrounding text longer than the spec's 4000 bytes, or offsets outside
// it, are ignored (no error is defined): the input method gets none.
TEST_F(TextInputTest, bad_surrounding_text_is_not_forwarded) {
    auto [ic, im] = ime();
    App& a = app();
    Field& f = field(a);
    zwp_text_input_v3_enable(f.ti);
    zwp_text_input_v3_set_surrounding_text(f.ti, std::string(TextInput::kMaxSurroundingTextBytes + 1, 'x').c_str(), 0, 0);
    zwp_text_input_v3_commit(f.ti);
    zwp_text_input_v3_set_surrounding_text(f.ti, "abc", 4, 0);
    zwp_text_input_v3_commit(f.ti);
    zwp_text_input_v3_set_surrounding_text(f.ti, "abc", -1, 0);
    zwp_text_input_v3_commit(f.ti);
    zwp_text_input_v3_set_surrounding_text(f.ti, std::string(TextInput::kMaxSurroundingTextBytes, 'y').c_str(), 3, 3);
    zwp_text_input_v3_commit(f.ti);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_TRUE(ic->dispatch_until([&] { return im->dones == 4; }));
    int surrounding = 0;
    for (const std::string& e : im->events)
        if (e.rfind("surrounding:", 0) == 0) ++surrounding;
    EXPECT_EQ(surrounding, 1) << "only the last, valid, surrounding text is forwarded";
    EXPECT_EQ(im->events.back(), "done");
    EXPECT_FALSE(a.c->has_error());
    EXPECT_FALSE(ic->has_error());
}

// input-method-unstable-v2.xml, get_input_popup_surface: "If the surface
// already has an assigned role, the compositor must issue a protocol error."
TEST_F(TextInputTest, a_popup_surface_with_another_role_is_a_protocol_error) {
    App& a = app();
    auto [ic, im] = ime(a.c);
    zwp_input_popup_surface_v2* ok = zwp_input_method_v2_get_input_popup_surface(im->im, wl_compositor_create_surface(a.c->compositor));
    ASSERT_TRUE(a.c->roundtrip()) << "a surface without a role may be a popup";
    zwp_input_popup_surface_v2_destroy(ok);
    EXPECT_PROTOCOL_ERROR(*a.c, zwp_input_method_v2_get_input_popup_surface(im->im, a.win->surface),
                          &zwp_input_method_v2_interface, 0);
}

// input-method-unstable-v2.xml, zwp_input_popup_surface_v2: the candidate
// list "should be placed near the active text input area". Shoji shows it
// below the field's text cursor while the input method is active, tells it
// where the cursor is in its own coordinates (text_input_rectangle), moves
// it with the cursor, keeps it on the output, and hides it when the field
// is disabled.
struct PopupEvents {
    std::vector<Box> rectangles;
};
const zwp_input_popup_surface_v2_listener popup_listener = {
    /* text_input_rectangle */
    [](void* d, zwp_input_popup_surface_v2*, int32_t x, int32_t y, int32_t w, int32_t h) {
        static_cast<PopupEvents*>(d)->rectangles.push_back({x, y, w, h});
    },
};

// The input method's candidate list: a 20x10 green popup surface with a
// buffer committed.
struct CandidateList {
    wl_surface* surface;
    zwp_input_popup_surface_v2* popup;
    PopupEvents events;
    std::unique_ptr<Buffer> buffer;
    CandidateList(TestClient& c, Ime& im)
        : surface(wl_compositor_create_surface(c.compositor)),
          popup(zwp_input_method_v2_get_input_popup_surface(im.im, surface)),
          buffer(c.make_buffer(20, 10, WL_SHM_FORMAT_XRGB8888)) {
        zwp_input_popup_surface_v2_add_listener(popup, &popup_listener, &events);
        buffer->fill(kGreen);
        c.commit_buffer(surface, *buffer);
    }
    // Destroys the popup and its surface (the fixture's client goes after).
    void destroy() {
        zwp_input_popup_surface_v2_destroy(popup);
        wl_surface_destroy(surface);
    }
};

TEST_F(TextInputTest, the_input_methods_popup_is_shown_below_the_text_cursor) {
    App& a = app();
    Field& f = field(a);
    auto [ic, im] = ime();
    // A 20x10 green candidate list, committed before any field is active:
    // not shown yet.
    CandidateList list(*ic, *im);
    wl_surface* popup_surface = list.surface;
    PopupEvents& events = list.events;
    repaint(*ic);
    const auto [wx, wy] = surface_origin(*a.c, a.win->surface);
    auto popup_shown = [&, ic = ic] {
        const Surface* s = ic->server_surface(popup_surface);
        const std::vector<View> views = server->scene().views();
        return std::any_of(views.begin(), views.end(), [&](const View& v) { return v.surface == s; });
    };
    EXPECT_FALSE(popup_shown()) << "no field is active";
    EXPECT_TRUE(events.rectangles.empty());

    // The field is enabled with its cursor at (5, 6), 2x8: the list goes
    // just below it.
    zwp_text_input_v3_enable(f.ti);
    zwp_text_input_v3_set_cursor_rectangle(f.ti, 5, 6, 2, 8);
    zwp_text_input_v3_commit(f.ti);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_TRUE(ic->dispatch_until([&] { return !events.rectangles.empty(); }));
    EXPECT_TRUE(popup_shown());
    EXPECT_EQ(events.rectangles.back(), (Box{0, -8, 2, 8})) << "the cursor, in the popup's coordinates";
    repaint(*ic);
    EXPECT_EQ(pixel(wx + 5, wy + 14), kGreen) << "its top-left corner is below the cursor";
    EXPECT_EQ(pixel(wx + 24, wy + 23), kGreen);
    EXPECT_NE(pixel(wx + 5, wy + 13), kGreen) << "the cursor itself is not covered";

    // The cursor moves (a commit of the field's state): so does the list.
    zwp_text_input_v3_set_cursor_rectangle(f.ti, 1, 2, 3, 4);
    zwp_text_input_v3_commit(f.ti);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_TRUE(ic->dispatch_until([&] { return events.rectangles.size() == 2; }));
    EXPECT_EQ(events.rectangles.back(), (Box{0, -4, 3, 4}));
    repaint(*ic);
    EXPECT_EQ(pixel(wx + 1, wy + 6), kGreen);

    // Disabled: the list goes, and what was under it shows again.
    zwp_text_input_v3_disable(f.ti);
    zwp_text_input_v3_commit(f.ti);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_TRUE(ic->roundtrip());
    EXPECT_FALSE(popup_shown());
    repaint(*ic);
    EXPECT_EQ(pixel(wx + 1, wy + 6), 0xff336699u) << "the field's window shows where the list was";

    list.destroy();
    ASSERT_TRUE(ic->roundtrip());
    EXPECT_FALSE(ic->has_error());
    EXPECT_FALSE(a.c->has_error());
}

// A cursor at the output's bottom-right corner: the list is moved left to
// stay on the output and shown above the cursor, where there is room.
TEST_F(TextInputTest, the_popup_stays_on_the_output) {
    App& a = app();
    Field& f = field(a);
    auto [ic, im] = ime();
    CandidateList list(*ic, *im);
    PopupEvents& events = list.events;
    const auto [wx, wy] = surface_origin(*a.c, a.win->surface);
    const Box out = server->scene().outputs().front().box;
    // Surface-local coordinates that put the cursor 4 px from the output's
    // right edge and 6 px from its bottom.
    const int32_t cx = out.x + out.width - 4 - wx, cy = out.y + out.height - 6 - wy;
    zwp_text_input_v3_enable(f.ti);
    zwp_text_input_v3_set_cursor_rectangle(f.ti, cx, cy, 1, 5);
    zwp_text_input_v3_commit(f.ti);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_TRUE(ic->dispatch_until([&] { return !events.rectangles.empty(); }));
    // Placed at x = right - 20, y = cursor top - 10.
    EXPECT_EQ(events.rectangles.back(), (Box{16, 10, 1, 5}));
    repaint(*ic);
    EXPECT_EQ(pixel(out.x + out.width - 1, out.y + out.height - 7), kGreen);
    EXPECT_EQ(pixel(out.x + out.width - 20, out.y + out.height - 16), kGreen);
    list.destroy();
    ASSERT_TRUE(ic->roundtrip());
    EXPECT_FALSE(ic->has_error());
}

} // namespace
} // namespace shoji::test
