// zwp_primary_selection_device_manager_v1 as clients see it: middle-click
// paste from one client to another, offered on keyboard focus, and the
// rules it shares with the clipboard (seat/selection.hpp): only the focused
// client sets it (with any serial, unlike the clipboard); a new selection
// cancels the old source; a source's MIME types are capped. The clipboard and the primary
// selection are independent.
#include <fcntl.h>
#include <linux/input-event-codes.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "primary-selection-unstable-v1-client-protocol.h"
#include "seat/selection.hpp"
#include "seat/wl_seat.hpp"

namespace shoji::test {
namespace {

using Caps = shoji::SelectionSource;

// The client side: a device recording its offers, a source recording sends.
struct PrimaryOffer {
    zwp_primary_selection_offer_v1* offer = nullptr;
    std::vector<std::string> mime_types;
    ~PrimaryOffer() {
        if (offer) zwp_primary_selection_offer_v1_destroy(offer);
    }
};
const zwp_primary_selection_offer_v1_listener offer_listener = {
    [](void* data, zwp_primary_selection_offer_v1*, const char* mime) {
        static_cast<PrimaryOffer*>(data)->mime_types.emplace_back(mime);
    },
};

struct PrimaryDevice {
    zwp_primary_selection_device_v1* device = nullptr;
    std::vector<std::unique_ptr<PrimaryOffer>> offers;
    PrimaryOffer* selection = nullptr; // the latest (null: none)
    int selection_events = 0;
    ~PrimaryDevice() {
        offers.clear();
        if (device) zwp_primary_selection_device_v1_destroy(device);
    }
};
const zwp_primary_selection_device_v1_listener device_listener = {
    /* data_offer */
    [](void* data, zwp_primary_selection_device_v1*, zwp_primary_selection_offer_v1* offer) {
        auto* d = static_cast<PrimaryDevice*>(data);
        auto o = std::make_unique<PrimaryOffer>();
        o->offer = offer;
        zwp_primary_selection_offer_v1_add_listener(offer, &offer_listener, o.get());
        d->offers.push_back(std::move(o));
    },
    /* selection */
    [](void* data, zwp_primary_selection_device_v1*, zwp_primary_selection_offer_v1* offer) {
        auto* d = static_cast<PrimaryDevice*>(data);
        ++d->selection_events;
        d->selection = nullptr;
        for (auto& o : d->offers)
            if (o->offer == offer) d->selection = o.get();
    },
};

struct PrimarySource {
    zwp_primary_selection_source_v1* source = nullptr;
    std::vector<std::pair<std::string, int>> sends; // fds owned until taken
    bool cancelled = false;
    ~PrimarySource() {
        for (auto& s : sends)
            if (s.second >= 0) close(s.second);
        if (source) zwp_primary_selection_source_v1_destroy(source);
    }
};
const zwp_primary_selection_source_v1_listener source_listener = {
    [](void* data, zwp_primary_selection_source_v1*, const char* mime, int32_t fd) {
        static_cast<PrimarySource*>(data)->sends.emplace_back(mime, fd);
    },
    [](void* data, zwp_primary_selection_source_v1*) { static_cast<PrimarySource*>(data)->cancelled = true; },
};

constexpr uint32_t kRed = 0xffcc0000, kBlue = 0xff0000cc;

class PrimarySelectionTest : public ShojiTest {
protected:
    // A client with a window, keyboard focus, a keyboard and a primary
    // selection device.
    struct Focused {
        TestClient* c = nullptr;
        zwp_primary_selection_device_manager_v1* manager = nullptr;
        std::unique_ptr<Keyboard> kb;
        std::unique_ptr<PrimaryDevice> dev;
        std::unique_ptr<Toplevel> win;
        std::unique_ptr<Buffer> buffer;
        int32_t x = 0, y = 0;
    };
    std::vector<std::unique_ptr<Focused>> focused_;

    zwp_primary_selection_device_manager_v1* manager(TestClient& c) {
        return bind_global<zwp_primary_selection_device_manager_v1>(c, &zwp_primary_selection_device_manager_v1_interface, 1);
    }
    std::unique_ptr<PrimaryDevice> device(TestClient& c, zwp_primary_selection_device_manager_v1* m) {
        auto d = std::make_unique<PrimaryDevice>();
        d->device = zwp_primary_selection_device_manager_v1_get_device(m, c.seat);
        zwp_primary_selection_device_v1_add_listener(d->device, &device_listener, d.get());
        return d;
    }
    std::unique_ptr<PrimarySource> source(zwp_primary_selection_device_manager_v1* m, std::vector<std::string> mimes) {
        auto s = std::make_unique<PrimarySource>();
        s->source = zwp_primary_selection_device_manager_v1_create_source(m);
        zwp_primary_selection_source_v1_add_listener(s->source, &source_listener, s.get());
        for (const std::string& mime : mimes) zwp_primary_selection_source_v1_offer(s->source, mime.c_str());
        return s;
    }

    Focused& focused_client(uint32_t colour) {
        focused_.push_back(std::make_unique<Focused>());
        Focused& f = *focused_.back();
        f.c = &connect();
        f.manager = manager(*f.c);
        EXPECT_NE(f.manager, nullptr) << "no zwp_primary_selection_device_manager_v1 global";
        f.kb = f.c->get_keyboard();
        f.dev = device(*f.c, f.manager);
        f.win = f.c->make_toplevel();
        f.buffer = f.c->make_buffer(30, 30, WL_SHM_FORMAT_XRGB8888);
        f.buffer->fill(colour);
        f.c->commit_buffer(f.win->surface, *f.buffer);
        EXPECT_TRUE(f.c->commit_and_wait_frame(f.win->surface));
        std::tie(f.x, f.y) = surface_origin(*f.c, f.win->surface);
        EXPECT_TRUE(f.c->dispatch_until([&] { return f.kb->focus == f.win->surface; }));
        return f;
    }
    void TearDown() override {
        focused_.clear();
        ShojiTest::TearDown();
    }

    // A key press and release for the focused client; the press's serial.
    uint32_t key_serial(Focused& f) {
        const size_t before = f.kb->keys.size();
        server->seat().keyboard_key(KEY_A, true, 1);
        server->seat().keyboard_key(KEY_A, false, 2);
        EXPECT_TRUE(f.c->dispatch_until([&] { return f.kb->keys.size() == before + 2; }));
        return f.kb->keys.size() >= before + 2 ? f.kb->keys[before].serial : 0;
    }
    // Whether set_selection(source, serial) on `f` made a selection of
    // `mime`: `f` (focused) is offered it at once, else the source is cancelled.
    bool honoured(Focused& f, PrimarySource& s, uint32_t serial, const std::string& mime) {
        const int before = f.dev->selection_events;
        zwp_primary_selection_device_v1_set_selection(f.dev->device, s.source, serial);
        EXPECT_TRUE(f.c->roundtrip());
        if (s.cancelled) return false;
        return f.dev->selection_events > before && f.dev->selection &&
               f.dev->selection->mime_types == std::vector<std::string>{mime};
    }
};

TEST_F(PrimarySelectionTest, the_global_is_advertised_at_version_1) {
    TestClient& c = connect();
    EXPECT_EQ(c.globals["zwp_primary_selection_device_manager_v1"], 1u);
}

TEST_F(PrimarySelectionTest, primary_selection_is_pasted_from_one_client_to_another_on_focus) {
    Focused& a = focused_client(kRed);
    auto copied = source(a.manager, {"text/plain"});
    ASSERT_TRUE(honoured(a, *copied, a.kb->enter_serial, "text/plain"));

    // b gets the focus and, with it, an offer of a's selection.
    Focused& b = focused_client(kBlue);
    ASSERT_NE(b.dev->selection, nullptr) << "the client given the focus was not offered the primary selection";
    EXPECT_EQ(b.dev->selection->mime_types, std::vector<std::string>{"text/plain"});

    int fds[2];
    ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
    zwp_primary_selection_offer_v1_receive(b.dev->selection->offer, "text/plain", fds[1]);
    close(fds[1]);
    ASSERT_TRUE(dispatch_until({a.c, b.c}, [&] { return !copied->sends.empty(); }));
    EXPECT_EQ(copied->sends[0].first, "text/plain");
    const int write_fd = std::exchange(copied->sends[0].second, -1);
    ASSERT_EQ(write(write_fd, "middle", 6), 6);
    close(write_fd);
    std::string pasted;
    char chunk[64];
    for (ssize_t n; (n = read(fds[0], chunk, sizeof chunk)) > 0;) pasted.append(chunk, size_t(n));
    close(fds[0]);
    EXPECT_EQ(pasted, "middle");
    EXPECT_FALSE(copied->cancelled);

    // The source goes away: the focused client is told there is none.
    const int events = b.dev->selection_events;
    copied.reset();
    ASSERT_TRUE(dispatch_until({a.c, b.c}, [&] { return b.dev->selection_events > events; }));
    EXPECT_EQ(b.dev->selection, nullptr);
}

TEST_F(PrimarySelectionTest, a_device_made_during_the_focus_is_offered_the_selection_at_once) {
    Focused& a = focused_client(kRed);
    auto copied = source(a.manager, {"text/plain"});
    ASSERT_TRUE(honoured(a, *copied, a.kb->enter_serial, "text/plain"));
    auto second = device(*a.c, a.manager);
    ASSERT_TRUE(a.c->roundtrip());
    ASSERT_EQ(second->selection_events, 1);
    ASSERT_NE(second->selection, nullptr);
    EXPECT_EQ(second->selection->mime_types, std::vector<std::string>{"text/plain"});
}

// primary-selection-unstable-v1.xml gives set_selection "the serial of the
// event that triggered this request" and defines no error. Shoji honours it
// from the client with keyboard focus whatever the serial (GTK 3 sends 0
// before its first click, and an old button serial after keyboard
// selections), and ignores every other client, without cancelling their
// sources (GTK 3 drops its text selection when its source is cancelled).
TEST_F(PrimarySelectionTest, only_the_client_with_keyboard_focus_sets_the_primary_selection) {
    Focused& a = focused_client(kRed);
    auto zero = source(a.manager, {"text/zero"});
    EXPECT_TRUE(honoured(a, *zero, 0, "text/zero")) << "serial 0 from the focused client (GTK 3 does this)";
    auto old = source(a.manager, {"text/old"});
    EXPECT_TRUE(honoured(a, *old, a.kb->enter_serial, "text/old"));
    EXPECT_TRUE(zero->cancelled) << "the replaced source is cancelled";
    const uint32_t key = key_serial(a);
    auto on_key = source(a.manager, {"text/key"});
    EXPECT_TRUE(honoured(a, *on_key, key, "text/key"));

    // A client without focus (b has it now) cannot replace it, even with a
    // serial that was valid during its own focus.
    Focused& b = focused_client(kBlue);
    ASSERT_NE(b.dev->selection, nullptr);
    EXPECT_EQ(b.dev->selection->mime_types, std::vector<std::string>{"text/key"});
    auto unfocused = source(a.manager, {"text/unfocused"});
    zwp_primary_selection_device_v1_set_selection(a.dev->device, unfocused->source, key);
    ASSERT_TRUE(a.c->roundtrip());
    EXPECT_FALSE(unfocused->cancelled) << "a refused source is left alone";
    ASSERT_TRUE(b.c->roundtrip());
    EXPECT_EQ(b.dev->selection->mime_types, std::vector<std::string>{"text/key"});
    EXPECT_FALSE(on_key->cancelled) << "a refused request cancelled the current selection";

    // A client with no window at all, serial 0.
    TestClient& windowless = connect();
    auto m = manager(windowless);
    auto dev = device(windowless, m);
    auto hostile = source(m, {"text/hostile"});
    zwp_primary_selection_device_v1_set_selection(dev->device, hostile->source, 0);
    ASSERT_TRUE(windowless.roundtrip());
    ASSERT_TRUE(b.c->roundtrip());
    EXPECT_EQ(b.dev->selection->mime_types, std::vector<std::string>{"text/key"});
    EXPECT_EQ(dev->selection_events, 0) << "a client without focus was offered the selection";
    EXPECT_FALSE(windowless.has_error()) << "ignored, not an error: the spec defines none";

    // The focused client unsets it.
    const int events = b.dev->selection_events;
    zwp_primary_selection_device_v1_set_selection(b.dev->device, nullptr, 0);
    ASSERT_TRUE(b.c->dispatch_until([&] { return b.dev->selection_events > events; }));
    EXPECT_EQ(b.dev->selection, nullptr);
    ASSERT_TRUE(a.c->dispatch_until([&] { return on_key->cancelled; })) << "the unset selection's source was not cancelled";
}

// The clipboard and the primary selection are two selections: setting one
// leaves the other as it was.
TEST_F(PrimarySelectionTest, the_clipboard_and_the_primary_selection_are_independent) {
    Focused& a = focused_client(kRed);
    auto data_dev = a.c->get_data_device();
    ASSERT_TRUE(a.c->roundtrip());
    auto clip = a.c->make_data_source({"text/clipboard"});
    wl_data_device_set_selection(data_dev->device, clip->source, a.kb->enter_serial);
    ASSERT_TRUE(a.c->dispatch_until([&] { return data_dev->selection != nullptr; }));
    const int primary_events = a.dev->selection_events;
    auto primary = source(a.manager, {"text/primary"});
    ASSERT_TRUE(honoured(a, *primary, a.kb->enter_serial, "text/primary"));
    ASSERT_TRUE(a.c->roundtrip());
    EXPECT_FALSE(clip->cancelled) << "setting the primary selection cancelled the clipboard";
    ASSERT_NE(data_dev->selection, nullptr);
    EXPECT_EQ(data_dev->selection->mime_types, std::vector<std::string>{"text/clipboard"});
    EXPECT_EQ(a.dev->selection_events, primary_events + 1);
}

// The caps are the clipboard's (no error: the spec defines none for offer).
TEST_F(PrimarySelectionTest, a_source_keeps_at_most_the_capped_mime_types) {
    Focused& a = focused_client(kRed);
    auto many = source(a.manager, {std::string(Caps::kMaxMimeTypeLength + 1, 't'), "text/plain", "text/plain"});
    for (size_t i = 0; i < 2 * Caps::kMaxMimeTypes; ++i) {
        zwp_primary_selection_source_v1_offer(many->source, ("x/" + std::to_string(i)).c_str());
        if (i % 64 == 0) {
            ASSERT_TRUE(a.c->roundtrip());
        }
    }
    zwp_primary_selection_device_v1_set_selection(a.dev->device, many->source, a.kb->enter_serial);
    ASSERT_TRUE(a.c->dispatch_until([&] { return a.dev->selection != nullptr; }));
    const std::vector<std::string>& kept = a.dev->selection->mime_types;
    ASSERT_EQ(kept.size(), Caps::kMaxMimeTypes);
    EXPECT_EQ(kept[0], "text/plain") << "the over-long type was kept, or the duplicate was not dropped";
    EXPECT_EQ(kept[1], "x/0");
    EXPECT_EQ(kept.back(), "x/" + std::to_string(Caps::kMaxMimeTypes - 2));
    EXPECT_FALSE(a.c->has_error());
}

} // namespace
} // namespace shoji::test
