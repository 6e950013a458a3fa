// zwlr_data_control_manager_v1 as clients see it: a client with no window
// (wl-copy, wl-paste, a clipboard manager) follows and sets the clipboard
// and the primary selection. It shares the seat's two selections with
// wl_data_device and zwp_primary_selection_device_v1: a copy through either
// is seen by the other side, with the data going straight from client to
// client. The spec's errors: used_source, invalid_offer.
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
#include "seat/wl_seat.hpp"
#include "seat/zwlr_data_control_manager_v1.hpp"
#include "wlr-data-control-unstable-v1-client-protocol.h"

namespace shoji::test {
namespace {

// The client side: a device recording its offers, a source recording sends.
struct ControlOffer {
    zwlr_data_control_offer_v1* offer = nullptr;
    std::vector<std::string> mime_types;
    ~ControlOffer() {
        if (offer) zwlr_data_control_offer_v1_destroy(offer);
    }
};
const zwlr_data_control_offer_v1_listener offer_listener = {
    [](void* data, zwlr_data_control_offer_v1*, const char* mime) {
        static_cast<ControlOffer*>(data)->mime_types.emplace_back(mime);
    },
};

struct ControlDevice {
    zwlr_data_control_device_v1* device = nullptr;
    std::vector<std::unique_ptr<ControlOffer>> offers;
    ControlOffer* selection = nullptr; // the latest of each (null: none)
    ControlOffer* primary = nullptr;
    int selection_events = 0, primary_events = 0;
    bool finished = false;
    ~ControlDevice() {
        offers.clear();
        if (device) zwlr_data_control_device_v1_destroy(device);
    }
    ControlOffer* find(zwlr_data_control_offer_v1* offer) {
        for (auto& o : offers)
            if (o->offer == offer) return o.get();
        return nullptr;
    }
};
const zwlr_data_control_device_v1_listener device_listener = {
    /* data_offer */
    [](void* data, zwlr_data_control_device_v1*, zwlr_data_control_offer_v1* offer) {
        auto* d = static_cast<ControlDevice*>(data);
        auto o = std::make_unique<ControlOffer>();
        o->offer = offer;
        zwlr_data_control_offer_v1_add_listener(offer, &offer_listener, o.get());
        d->offers.push_back(std::move(o));
    },
    /* selection */
    [](void* data, zwlr_data_control_device_v1*, zwlr_data_control_offer_v1* offer) {
        auto* d = static_cast<ControlDevice*>(data);
        ++d->selection_events;
        d->selection = d->find(offer);
    },
    /* finished */ [](void* data, zwlr_data_control_device_v1*) { static_cast<ControlDevice*>(data)->finished = true; },
    /* primary_selection */
    [](void* data, zwlr_data_control_device_v1*, zwlr_data_control_offer_v1* offer) {
        auto* d = static_cast<ControlDevice*>(data);
        ++d->primary_events;
        d->primary = d->find(offer);
    },
};

struct ControlSource {
    zwlr_data_control_source_v1* source = nullptr;
    std::vector<std::pair<std::string, int>> sends; // fds owned until taken
    bool cancelled = false;
    ~ControlSource() {
        for (auto& s : sends)
            if (s.second >= 0) close(s.second);
        if (source) zwlr_data_control_source_v1_destroy(source);
    }
};
const zwlr_data_control_source_v1_listener source_listener = {
    [](void* data, zwlr_data_control_source_v1*, const char* mime, int32_t fd) {
        static_cast<ControlSource*>(data)->sends.emplace_back(mime, fd);
    },
    [](void* data, zwlr_data_control_source_v1*) { static_cast<ControlSource*>(data)->cancelled = true; },
};

// A client with no window and a data-control device.
struct Windowless {
    TestClient* c = nullptr;
    zwlr_data_control_manager_v1* manager = nullptr;
    std::unique_ptr<ControlDevice> dev;
};

// Reads a pipe to its end.
std::string read_all(int fd) {
    std::string got;
    char chunk[256];
    for (ssize_t n; (n = read(fd, chunk, sizeof chunk)) > 0;) got.append(chunk, size_t(n));
    close(fd);
    return got;
}

class DataControlTest : public ShojiTest {
protected:
    std::vector<std::unique_ptr<Windowless>> windowless_;

    zwlr_data_control_manager_v1* manager(TestClient& c, uint32_t version = 2) {
        return bind_global<zwlr_data_control_manager_v1>(c, &zwlr_data_control_manager_v1_interface, version);
    }
    std::unique_ptr<ControlDevice> device(TestClient& c, zwlr_data_control_manager_v1* m) {
        auto d = std::make_unique<ControlDevice>();
        d->device = zwlr_data_control_manager_v1_get_data_device(m, c.seat);
        zwlr_data_control_device_v1_add_listener(d->device, &device_listener, d.get());
        return d;
    }
    std::unique_ptr<ControlSource> source(zwlr_data_control_manager_v1* m, const std::vector<std::string>& mimes) {
        auto s = std::make_unique<ControlSource>();
        s->source = zwlr_data_control_manager_v1_create_data_source(m);
        zwlr_data_control_source_v1_add_listener(s->source, &source_listener, s.get());
        for (const std::string& mime : mimes) zwlr_data_control_source_v1_offer(s->source, mime.c_str());
        return s;
    }
    Windowless& windowless(uint32_t version = 2) {
        windowless_.push_back(std::make_unique<Windowless>());
        Windowless& w = *windowless_.back();
        w.c = &connect();
        w.manager = manager(*w.c, version);
        EXPECT_NE(w.manager, nullptr) << "no zwlr_data_control_manager_v1 global";
        w.dev = device(*w.c, w.manager);
        EXPECT_TRUE(w.c->roundtrip());
        return w;
    }
    void TearDown() override {
        windowless_.clear();
        ShojiTest::TearDown();
    }
};

TEST_F(DataControlTest, the_global_is_advertised_at_version_2) {
    TestClient& c = connect();
    EXPECT_EQ(c.globals["zwlr_data_control_manager_v1"], DataControlManager::kVersion);
    EXPECT_EQ(DataControlManager::kVersion, 2u);
}

// wlr-data-control-unstable-v1.xml selection, primary_selection: "The
// first selection event is sent upon binding" the device.
TEST_F(DataControlTest, a_new_device_is_told_both_selections_at_once) {
    Windowless& w = windowless();
    EXPECT_EQ(w.dev->selection_events, 1);
    EXPECT_EQ(w.dev->selection, nullptr);
    EXPECT_EQ(w.dev->primary_events, 1);
    EXPECT_EQ(w.dev->primary, nullptr);
    // A version 1 device is sent no primary_selection (it is since 2).
    Windowless& v1 = windowless(1);
    EXPECT_EQ(v1.dev->selection_events, 1);
    EXPECT_EQ(v1.dev->primary_events, 0);
}

// wl-copy without a window, then a focused application pastes, and another
// windowless client (wl-paste) reads it too.
TEST_F(DataControlTest, a_copy_with_no_window_is_the_clipboard_of_focused_clients_and_data_control) {
    Windowless& copier = windowless();
    auto copied = source(copier.manager, {"text/plain;charset=utf-8", "text/plain"});
    zwlr_data_control_device_v1_set_selection(copier.dev->device, copied->source);
    ASSERT_TRUE(copier.c->roundtrip());
    ASSERT_FALSE(copier.c->has_error());

    // A focused client with a wl_data_device is offered it.
    TestClient& app = connect();
    auto kb = app.get_keyboard();
    auto data_dev = app.get_data_device();
    Window win = map_window(app, 40, 30, kRed);
    ASSERT_TRUE(app.dispatch_until([&] { return kb->focus == win.surface() && data_dev->selection; }))
        << "the focused client was not offered the data-control selection";
    EXPECT_EQ(data_dev->selection->mime_types, (std::vector<std::string>{"text/plain;charset=utf-8", "text/plain"}));

    int fds[2];
    ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
    wl_data_offer_receive(data_dev->selection->offer, "text/plain", fds[1]);
    close(fds[1]);
    ASSERT_TRUE(dispatch_until({&app, copier.c}, [&] { return !copied->sends.empty(); }));
    EXPECT_EQ(copied->sends[0].first, "text/plain");
    int write_fd = std::exchange(copied->sends[0].second, -1);
    ASSERT_EQ(write(write_fd, "no window", 9), 9);
    close(write_fd);
    EXPECT_EQ(read_all(fds[0]), "no window");

    // Another data-control client (wl-paste) got it as it was set.
    Windowless& paster = windowless();
    ASSERT_NE(paster.dev->selection, nullptr);
    EXPECT_EQ(paster.dev->selection->mime_types, (std::vector<std::string>{"text/plain;charset=utf-8", "text/plain"}));
    ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
    zwlr_data_control_offer_v1_receive(paster.dev->selection->offer, "text/plain;charset=utf-8", fds[1]);
    close(fds[1]);
    ASSERT_TRUE(dispatch_until({paster.c, copier.c}, [&] { return copied->sends.size() == 2; }));
    EXPECT_EQ(copied->sends[1].first, "text/plain;charset=utf-8");
    write_fd = std::exchange(copied->sends[1].second, -1);
    ASSERT_EQ(write(write_fd, "again", 5), 5);
    close(write_fd);
    EXPECT_EQ(read_all(fds[0]), "again");

    // A null source clears it: the source is cancelled, everyone is told.
    const int app_events = data_dev->selection_events, paster_events = paster.dev->selection_events;
    zwlr_data_control_device_v1_set_selection(paster.dev->device, nullptr);
    ASSERT_TRUE(dispatch_until({&app, copier.c, paster.c}, [&] {
        return copied->cancelled && data_dev->selection_events > app_events &&
               paster.dev->selection_events > paster_events;
    }));
    EXPECT_EQ(data_dev->selection, nullptr);
    EXPECT_EQ(paster.dev->selection, nullptr);
}

// The other way: an application copies through wl_data_device (with the
// serial of its keyboard enter); every data-control device is told, reads
// it, and is told when it goes.
TEST_F(DataControlTest, a_focused_clients_copy_is_seen_by_every_data_control_device) {
    Windowless& watcher = windowless();
    const int events = watcher.dev->selection_events;
    TestClient& app = connect();
    auto kb = app.get_keyboard();
    auto data_dev = app.get_data_device();
    Window win = map_window(app, 40, 30, kBlue);
    ASSERT_TRUE(app.dispatch_until([&] { return kb->focus == win.surface(); }));
    auto copied = app.make_data_source({"text/plain"});
    wl_data_device_set_selection(data_dev->device, copied->source, kb->enter_serial);
    ASSERT_TRUE(dispatch_until({&app, watcher.c}, [&] { return watcher.dev->selection_events > events; }));
    ASSERT_NE(watcher.dev->selection, nullptr) << "the data-control device was not offered the copy";
    EXPECT_EQ(watcher.dev->selection->mime_types, std::vector<std::string>{"text/plain"});

    int fds[2];
    ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
    zwlr_data_control_offer_v1_receive(watcher.dev->selection->offer, "text/plain", fds[1]);
    close(fds[1]);
    ASSERT_TRUE(dispatch_until({&app, watcher.c}, [&] { return !copied->sends.empty(); }));
    EXPECT_EQ(copied->sends[0].mime_type, "text/plain");
    const int write_fd = std::exchange(copied->sends[0].fd, -1);
    ASSERT_EQ(write(write_fd, "from a window", 13), 13);
    close(write_fd);
    EXPECT_EQ(read_all(fds[0]), "from a window");
    EXPECT_EQ(watcher.dev->primary_events, 1) << "the clipboard's copy touched the primary selection";

    // The source goes away: the device is told there is none.
    const int before = watcher.dev->selection_events;
    wl_data_source_destroy(std::exchange(copied->source, nullptr));
    ASSERT_TRUE(dispatch_until({&app, watcher.c}, [&] { return watcher.dev->selection_events > before; }));
    EXPECT_EQ(watcher.dev->selection, nullptr);
}

// A data-control copy is the newest selection: a wl_data_device request with
// the serial of input from before it does not undo it (seat/selection.hpp,
// rule 3), and a new input serial does replace it.
TEST_F(DataControlTest, a_late_wl_data_device_request_does_not_undo_a_data_control_copy) {
    TestClient& app = connect();
    auto kb = app.get_keyboard();
    auto data_dev = app.get_data_device();
    Window win = map_window(app, 40, 30, kBlue);
    ASSERT_TRUE(app.dispatch_until([&] { return kb->focus == win.surface(); }));
    const uint32_t old_serial = kb->enter_serial;

    Windowless& copier = windowless();
    auto copied = source(copier.manager, {"text/new"});
    zwlr_data_control_device_v1_set_selection(copier.dev->device, copied->source);
    ASSERT_TRUE(dispatch_until({&app, copier.c}, [&] { return data_dev->selection != nullptr; }));

    auto late = app.make_data_source({"text/late"});
    wl_data_device_set_selection(data_dev->device, late->source, old_serial);
    ASSERT_TRUE(app.dispatch_until([&] { return late->cancelled; })) << "the late request was honoured";
    ASSERT_TRUE(copier.c->roundtrip());
    EXPECT_FALSE(copied->cancelled);

    // A key pressed after the data-control copy: its serial is newer.
    server->seat().keyboard_key(KEY_A, true, 1);
    server->seat().keyboard_key(KEY_A, false, 2);
    ASSERT_TRUE(app.dispatch_until([&] { return kb->keys.size() >= 2; }));
    auto newer = app.make_data_source({"text/newer"});
    wl_data_device_set_selection(data_dev->device, newer->source, kb->keys[0].serial);
    ASSERT_TRUE(dispatch_until({&app, copier.c}, [&] {
        return copied->cancelled && copier.dev->selection && copier.dev->selection->mime_types.size() == 1 &&
               copier.dev->selection->mime_types[0] == "text/newer";
    }));
    EXPECT_FALSE(newer->cancelled);
}

// Version 2: the primary selection, both ways, apart from the clipboard.
TEST_F(DataControlTest, the_primary_selection_is_read_and_set_apart_from_the_clipboard) {
    TestClient& app = connect();
    auto kb = app.get_keyboard();
    auto* primary_manager = bind_global<zwp_primary_selection_device_manager_v1>(
        app, &zwp_primary_selection_device_manager_v1_interface, 1);
    ASSERT_NE(primary_manager, nullptr);
    zwp_primary_selection_device_v1* primary_dev =
        zwp_primary_selection_device_manager_v1_get_device(primary_manager, app.seat);
    struct Seen {
        int selections = 0;
        std::vector<zwp_primary_selection_offer_v1*> offers;
        zwp_primary_selection_offer_v1* selection = nullptr;
    } seen;
    static const zwp_primary_selection_device_v1_listener listener = {
        [](void* data, zwp_primary_selection_device_v1*, zwp_primary_selection_offer_v1* offer) {
            static_cast<Seen*>(data)->offers.push_back(offer);
        },
        [](void* data, zwp_primary_selection_device_v1*, zwp_primary_selection_offer_v1* offer) {
            auto* s = static_cast<Seen*>(data);
            ++s->selections;
            s->selection = offer;
        },
    };
    zwp_primary_selection_device_v1_add_listener(primary_dev, &listener, &seen);
    auto data_dev = app.get_data_device();
    Window win = map_window(app, 40, 30, kRed);
    ASSERT_TRUE(app.dispatch_until([&] { return kb->focus == win.surface(); }));

    // Data control sets the primary selection: the focused app is offered it.
    Windowless& w = windowless();
    const int clipboard_events = w.dev->selection_events;
    auto middle = source(w.manager, {"text/middle"});
    zwlr_data_control_device_v1_set_primary_selection(w.dev->device, middle->source);
    ASSERT_TRUE(dispatch_until({&app, w.c}, [&] { return seen.selection != nullptr && w.dev->primary; }));
    ASSERT_NE(w.dev->primary, nullptr);
    EXPECT_EQ(w.dev->primary->mime_types, std::vector<std::string>{"text/middle"});
    EXPECT_EQ(w.dev->selection_events, clipboard_events) << "setting the primary selection told of a clipboard change";
    EXPECT_EQ(data_dev->selection, nullptr) << "the primary selection became the clipboard";

    int fds[2];
    ASSERT_EQ(pipe2(fds, O_CLOEXEC), 0);
    zwp_primary_selection_offer_v1_receive(seen.selection, "text/middle", fds[1]);
    close(fds[1]);
    ASSERT_TRUE(dispatch_until({&app, w.c}, [&] { return !middle->sends.empty(); }));
    int write_fd = std::exchange(middle->sends[0].second, -1);
    ASSERT_EQ(write(write_fd, "middle", 6), 6);
    close(write_fd);
    EXPECT_EQ(read_all(fds[0]), "middle");

    // The app selects text: data control sees the new primary selection,
    // and the data-control source is cancelled.
    auto* selected = zwp_primary_selection_device_manager_v1_create_source(primary_manager);
    zwp_primary_selection_source_v1_offer(selected, "text/selected");
    const int primary_events = w.dev->primary_events;
    zwp_primary_selection_device_v1_set_selection(primary_dev, selected, kb->enter_serial);
    ASSERT_TRUE(
        dispatch_until({&app, w.c}, [&] { return w.dev->primary_events > primary_events && middle->cancelled; }));
    ASSERT_NE(w.dev->primary, nullptr);
    EXPECT_EQ(w.dev->primary->mime_types, std::vector<std::string>{"text/selected"});
    EXPECT_EQ(w.dev->selection_events, clipboard_events);

    for (auto* o : seen.offers) zwp_primary_selection_offer_v1_destroy(o);
    zwp_primary_selection_source_v1_destroy(selected);
    zwp_primary_selection_device_v1_destroy(primary_dev);
    zwp_primary_selection_device_manager_v1_destroy(primary_manager);
}

// wlr-data-control-unstable-v1.xml: "The given source may not be used in
// any further set_selection or set_primary_selection requests. Attempting
// to use a previously used source is a protocol error."
TEST_F(DataControlTest, a_source_set_twice_is_used_source) {
    Windowless& w = windowless();
    auto s = source(w.manager, {"text/plain"});
    zwlr_data_control_device_v1_set_selection(w.dev->device, s->source);
    ASSERT_TRUE(w.c->roundtrip());
    EXPECT_PROTOCOL_ERROR(*w.c, zwlr_data_control_device_v1_set_selection(w.dev->device, s->source),
                          &zwlr_data_control_device_v1_interface, ZWLR_DATA_CONTROL_DEVICE_V1_ERROR_USED_SOURCE);
}

TEST_F(DataControlTest, a_clipboard_source_set_as_the_primary_selection_is_used_source) {
    Windowless& w = windowless();
    Bystander b = bystander();
    auto s = source(w.manager, {"text/plain"});
    zwlr_data_control_device_v1_set_selection(w.dev->device, s->source);
    ASSERT_TRUE(w.c->roundtrip());
    EXPECT_PROTOCOL_ERROR(*w.c, zwlr_data_control_device_v1_set_primary_selection(w.dev->device, s->source),
                          &zwlr_data_control_device_v1_interface, ZWLR_DATA_CONTROL_DEVICE_V1_ERROR_USED_SOURCE);
    expect_bystander_fine(b);
}

// "Calling this after wlr_data_control_device.set_selection is a protocol
// error."
TEST_F(DataControlTest, an_offer_after_set_selection_is_invalid_offer) {
    Windowless& w = windowless();
    auto s = source(w.manager, {"text/plain"});
    zwlr_data_control_device_v1_set_primary_selection(w.dev->device, s->source);
    ASSERT_TRUE(w.c->roundtrip());
    EXPECT_PROTOCOL_ERROR(*w.c, zwlr_data_control_source_v1_offer(s->source, "text/late"),
                          &zwlr_data_control_source_v1_interface, ZWLR_DATA_CONTROL_SOURCE_V1_ERROR_INVALID_OFFER);
}

// A source's types are capped as the other selections' are (no error).
TEST_F(DataControlTest, a_source_keeps_at_most_the_capped_mime_types) {
    Windowless& w = windowless();
    auto many = source(w.manager, {});
    for (size_t i = 0; i < 2 * SelectionSource::kMaxMimeTypes; ++i) {
        zwlr_data_control_source_v1_offer(many->source, ("x/" + std::to_string(i)).c_str());
        if (i % 64 == 0) {
            ASSERT_TRUE(w.c->roundtrip());
        }
    }
    zwlr_data_control_device_v1_set_selection(w.dev->device, many->source);
    ASSERT_TRUE(w.c->dispatch_until([&] { return w.dev->selection != nullptr; }));
    EXPECT_EQ(w.dev->selection->mime_types.size(), SelectionSource::kMaxMimeTypes);
    EXPECT_FALSE(w.c->has_error());
}

// At most kMaxDevicesPerClient devices per client: a further one is
// finished at once and told nothing.
TEST_F(DataControlTest, devices_past_the_cap_are_finished_at_once) {
    Windowless& w = windowless();
    std::vector<std::unique_ptr<ControlDevice>> more;
    for (size_t i = 1; i < DataControlManager::kMaxDevicesPerClient; ++i) more.push_back(device(*w.c, w.manager));
    auto over = device(*w.c, w.manager);
    ASSERT_TRUE(w.c->roundtrip());
    for (auto& d : more) EXPECT_FALSE(d->finished);
    EXPECT_TRUE(over->finished);
    EXPECT_EQ(over->selection_events, 0);
    // It stays inert: setting through it does nothing and is no error.
    auto s = source(w.manager, {"text/plain"});
    zwlr_data_control_device_v1_set_selection(over->device, s->source);
    ASSERT_TRUE(w.c->roundtrip());
    EXPECT_FALSE(w.c->has_error());
    EXPECT_EQ(w.dev->selection, nullptr);
    // Another client has its own count.
    Windowless& other = windowless();
    EXPECT_FALSE(other.dev->finished);
}

} // namespace
} // namespace shoji::test
