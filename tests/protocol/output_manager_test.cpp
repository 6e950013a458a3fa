// zwlr_output_manager_v1: heads for every output with their state, kept up
// to date (hotplug, changes), configurations applied through the same path
// as `shoji ctl output set`, and the errors the spec names.
#include <cstring>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "output/output.hpp"
#include "output/output_spec.hpp"
#include "wlr-output-management-unstable-v1-client-protocol.h"
#include "wlr.hpp"

namespace shoji::test {
namespace {

OutputConfig spec(const char* text) {
    std::string error;
    std::optional<OutputConfig> c = parse_output_spec(text, &error);
    EXPECT_TRUE(c) << text << ": " << error;
    return c.value_or(OutputConfig{});
}

// What one bound manager was told.
struct Heads {
    struct Mode {
        zwlr_output_mode_v1* mode;
        int32_t width = 0, height = 0, refresh = 0;
        bool finished = false;
    };
    struct Head {
        zwlr_output_head_v1* head;
        std::string name, description;
        int32_t x = 0, y = 0, enabled = -1;
        double scale = 0;
        zwlr_output_mode_v1* current = nullptr;
        std::vector<std::unique_ptr<Mode>> modes;
        bool finished = false;
        Heads* owner = nullptr;
        Mode* current_mode() const {
            for (const auto& m : modes)
                if (m->mode == current) return m.get();
            return nullptr;
        }
    };
    std::vector<std::unique_ptr<Head>> heads;
    uint32_t serial = 0;
    int dones = 0;
    bool finished = false;

    Head* find(const std::string& name) {
        for (const auto& h : heads)
            if (h->name == name && !h->finished) return h.get();
        return nullptr;
    }
    size_t live() const {
        size_t n = 0;
        for (const auto& h : heads) n += !h->finished;
        return n;
    }
};

const zwlr_output_mode_v1_listener kModeListener = {
    [](void* d, zwlr_output_mode_v1*, int32_t w, int32_t h) {
        auto* m = static_cast<Heads::Mode*>(d);
        m->width = w, m->height = h;
    },
    [](void* d, zwlr_output_mode_v1*, int32_t r) { static_cast<Heads::Mode*>(d)->refresh = r; },
    [](void*, zwlr_output_mode_v1*) {},
    [](void* d, zwlr_output_mode_v1*) { static_cast<Heads::Mode*>(d)->finished = true; },
};

const zwlr_output_head_v1_listener kHeadListener = {
    [](void* d, zwlr_output_head_v1*, const char* name) { static_cast<Heads::Head*>(d)->name = name; },
    [](void* d, zwlr_output_head_v1*, const char* desc) { static_cast<Heads::Head*>(d)->description = desc; },
    [](void*, zwlr_output_head_v1*, int32_t, int32_t) {},
    [](void* d, zwlr_output_head_v1*, zwlr_output_mode_v1* mode) {
        auto* h = static_cast<Heads::Head*>(d);
        auto m = std::make_unique<Heads::Mode>();
        m->mode = mode;
        zwlr_output_mode_v1_add_listener(mode, &kModeListener, m.get());
        h->modes.push_back(std::move(m));
    },
    [](void* d, zwlr_output_head_v1*, int32_t enabled) { static_cast<Heads::Head*>(d)->enabled = enabled; },
    [](void* d, zwlr_output_head_v1*, zwlr_output_mode_v1* mode) { static_cast<Heads::Head*>(d)->current = mode; },
    [](void* d, zwlr_output_head_v1*, int32_t x, int32_t y) {
        auto* h = static_cast<Heads::Head*>(d);
        h->x = x, h->y = y;
    },
    [](void*, zwlr_output_head_v1*, int32_t) {},
    [](void* d, zwlr_output_head_v1*, wl_fixed_t s) { static_cast<Heads::Head*>(d)->scale = wl_fixed_to_double(s); },
    [](void* d, zwlr_output_head_v1*) { static_cast<Heads::Head*>(d)->finished = true; },
    [](void*, zwlr_output_head_v1*, const char*) {},
    [](void*, zwlr_output_head_v1*, const char*) {},
    [](void*, zwlr_output_head_v1*, const char*) {},
};

const zwlr_output_manager_v1_listener kManagerListener = {
    [](void* d, zwlr_output_manager_v1*, zwlr_output_head_v1* head) {
        auto* heads = static_cast<Heads*>(d);
        auto h = std::make_unique<Heads::Head>();
        h->head = head;
        h->owner = heads;
        zwlr_output_head_v1_add_listener(head, &kHeadListener, h.get());
        heads->heads.push_back(std::move(h));
    },
    [](void* d, zwlr_output_manager_v1*, uint32_t serial) {
        auto* heads = static_cast<Heads*>(d);
        heads->serial = serial;
        ++heads->dones;
    },
    [](void* d, zwlr_output_manager_v1*) { static_cast<Heads*>(d)->finished = true; },
};

// What a configuration was answered.
enum class Answer { None, Succeeded, Failed, Cancelled };
const zwlr_output_configuration_v1_listener kConfigListener = {
    [](void* d, zwlr_output_configuration_v1*) { *static_cast<Answer*>(d) = Answer::Succeeded; },
    [](void* d, zwlr_output_configuration_v1*) { *static_cast<Answer*>(d) = Answer::Failed; },
    [](void* d, zwlr_output_configuration_v1*) { *static_cast<Answer*>(d) = Answer::Cancelled; },
};

class OutputManagerTest : public ShojiTest {
protected:
    ServerConfig config() const override {
        ServerConfig c = ShojiTest::config();
        c.outputs = {spec("200x100@1000,name=ONE"), spec("100x100@1000,name=TWO")};
        return c;
    }
    zwlr_output_manager_v1* bind(TestClient& c, Heads& heads) {
        auto* m = bind_global<zwlr_output_manager_v1>(c, &zwlr_output_manager_v1_interface, 2);
        EXPECT_NE(m, nullptr);
        if (!m) return nullptr;
        zwlr_output_manager_v1_add_listener(m, &kManagerListener, &heads);
        EXPECT_TRUE(c.dispatch_until([&] { return heads.dones > 0; }));
        return m;
    }
    zwlr_output_configuration_v1* configure(TestClient& c, zwlr_output_manager_v1* m, Heads& heads, Answer* answer) {
        auto* config = zwlr_output_manager_v1_create_configuration(m, heads.serial);
        zwlr_output_configuration_v1_add_listener(config, &kConfigListener, answer);
        return config;
    }
    // Applies a configuration that enables both heads and changes TWO's by
    // `change`, and returns how it was answered.
    Answer apply_to_two(TestClient& c, zwlr_output_manager_v1* m, Heads& heads,
                        const std::function<void(zwlr_output_configuration_head_v1*)>& change) {
        Answer answer = Answer::None;
        auto* config = configure(c, m, heads, &answer);
        zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
        change(zwlr_output_configuration_v1_enable_head(config, heads.find("TWO")->head));
        zwlr_output_configuration_v1_apply(config);
        EXPECT_TRUE(c.dispatch_until([&] { return answer != Answer::None; }));
        zwlr_output_configuration_v1_destroy(config);
        return answer;
    }
};

TEST_F(OutputManagerTest, every_output_is_a_head_with_its_mode_position_and_scale) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    ASSERT_EQ(heads.live(), 2u);
    Heads::Head* one = heads.find("ONE");
    ASSERT_NE(one, nullptr);
    EXPECT_EQ(one->enabled, 1);
    EXPECT_EQ(one->x, 0);
    EXPECT_EQ(one->scale, 1.0);
    ASSERT_NE(one->current_mode(), nullptr);
    EXPECT_EQ(one->current_mode()->width, 200);
    EXPECT_EQ(one->current_mode()->refresh, 1000000);
    Heads::Head* two = heads.find("TWO");
    ASSERT_NE(two, nullptr);
    EXPECT_EQ(two->x, 200);

    // Hotplug: a new head, then the removed one finished; a done each time
    // with a new serial.
    const uint32_t serial = heads.serial;
    std::string error;
    ASSERT_NE(server->add_output(spec("64x64,name=THREE"), &error), nullptr) << error;
    ASSERT_TRUE(c.dispatch_until([&] { return heads.find("THREE") != nullptr && heads.serial != serial; }));
    EXPECT_EQ(heads.find("THREE")->x, 300);
    ASSERT_TRUE(server->remove_output(*server->find_output("TWO"), &error)) << error;
    ASSERT_TRUE(c.dispatch_until([&] { return two->finished; }));
    EXPECT_TRUE(two->modes[0]->finished);
    EXPECT_EQ(heads.live(), 2u);
    zwlr_output_manager_v1_stop(m);
    ASSERT_TRUE(c.dispatch_until([&] { return heads.finished; }));
}

TEST_F(OutputManagerTest, an_applied_configuration_changes_mode_position_and_scale) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    Answer answer = Answer::None;
    auto* config = configure(c, m, heads, &answer);
    auto* one = zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
    (void)one;
    auto* two = zwlr_output_configuration_v1_enable_head(config, heads.find("TWO")->head);
    zwlr_output_configuration_head_v1_set_custom_mode(two, 300, 200, 0);
    zwlr_output_configuration_head_v1_set_scale(two, wl_fixed_from_int(2));
    zwlr_output_configuration_head_v1_set_position(two, 0, 100);
    zwlr_output_configuration_v1_apply(config);
    ASSERT_TRUE(c.dispatch_until([&] { return answer != Answer::None; }));
    EXPECT_EQ(answer, Answer::Succeeded);
    const Output* out = server->find_output("TWO");
    ASSERT_NE(out, nullptr);
    EXPECT_EQ(out->wlr()->width, 300);
    EXPECT_EQ(out->scale120(), 2 * kScaleUnit);
    EXPECT_EQ(out->layout_box(), (Box{0, 100, 150, 100}));
    // The head was told.
    ASSERT_TRUE(c.roundtrip());
    Heads::Head* h = heads.find("TWO");
    EXPECT_EQ(h->scale, 2.0);
    EXPECT_EQ(h->y, 100);
    ASSERT_NE(h->current_mode(), nullptr);
    EXPECT_EQ(h->current_mode()->width, 300);
    zwlr_output_configuration_v1_destroy(config);
    zwlr_output_configuration_head_v1_destroy(two);
}

TEST_F(OutputManagerTest, a_fractional_scale_is_applied_and_told_to_the_heads) {
    // wlr-randr --output TWO --scale 1.25: 100x100 pixels become 80x80 logical.
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    EXPECT_EQ(apply_to_two(c, m, heads,
                           [](auto* two) { zwlr_output_configuration_head_v1_set_scale(two, wl_fixed_from_double(1.25)); }),
              Answer::Succeeded);
    const Output* out = server->find_output("TWO");
    EXPECT_EQ(out->scale120(), 150);
    EXPECT_EQ(out->layout_box().width, 80);
    ASSERT_TRUE(c.dispatch_until([&] { return heads.find("TWO")->scale == 1.25; }));
    // 1.5 does not divide 100 pixels: failed, nothing changed.
    EXPECT_EQ(apply_to_two(c, m, heads,
                           [](auto* two) { zwlr_output_configuration_head_v1_set_scale(two, wl_fixed_from_double(1.5)); }),
              Answer::Failed);
    EXPECT_EQ(server->find_output("TWO")->scale120(), 150);
}

TEST_F(OutputManagerTest, a_custom_mode_refresh_paces_the_output) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    EXPECT_EQ(apply_to_two(c, m, heads,
                           [](auto* two) { zwlr_output_configuration_head_v1_set_custom_mode(two, 100, 100, 30000); }),
              Answer::Succeeded);
    const Output* out = server->find_output("TWO");
    EXPECT_EQ(out->config().refresh_hz, 30);
    EXPECT_EQ(out->wlr()->refresh, 30000);
    EXPECT_EQ(out->refresh_period_ns(), 33333333); // what the headless pacing waits
    ASSERT_TRUE(c.dispatch_until([&] {
        const auto* mode = heads.find("TWO")->current_mode();
        return mode && mode->refresh == 30000;
    }));
    // Past 1000 Hz: failed, unchanged.
    EXPECT_EQ(apply_to_two(c, m, heads,
                           [](auto* two) { zwlr_output_configuration_head_v1_set_custom_mode(two, 100, 100, 2000000); }),
              Answer::Failed);
    EXPECT_EQ(server->find_output("TWO")->config().refresh_hz, 30);
}

TEST_F(OutputManagerTest, what_shoji_cannot_do_fails_and_changes_nothing) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    // A scale past kMaxOutputScale.
    EXPECT_EQ(apply_to_two(c, m, heads, [](auto* two) { zwlr_output_configuration_head_v1_set_scale(two, wl_fixed_from_int(9)); }),
              Answer::Failed);
    EXPECT_EQ(server->find_output("TWO")->scale120(), kScaleUnit);
    // Disabling an output; and a test of a good one, which changes nothing.
    Answer answer = Answer::None;
    auto* config = configure(c, m, heads, &answer);
    zwlr_output_configuration_v1_disable_head(config, heads.find("ONE")->head);
    zwlr_output_configuration_v1_enable_head(config, heads.find("TWO")->head);
    zwlr_output_configuration_v1_apply(config);
    ASSERT_TRUE(c.dispatch_until([&] { return answer != Answer::None; }));
    EXPECT_EQ(answer, Answer::Failed);
    answer = Answer::None;
    config = configure(c, m, heads, &answer);
    zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
    auto* two = zwlr_output_configuration_v1_enable_head(config, heads.find("TWO")->head);
    zwlr_output_configuration_head_v1_set_custom_mode(two, 50, 50, 0);
    zwlr_output_configuration_v1_test(config);
    ASSERT_TRUE(c.dispatch_until([&] { return answer != Answer::None; }));
    EXPECT_EQ(answer, Answer::Succeeded);
    EXPECT_EQ(server->find_output("TWO")->wlr()->width, 100);
}

TEST_F(OutputManagerTest, a_configuration_made_before_the_heads_changed_is_cancelled) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    Answer answer = Answer::None;
    auto* config = configure(c, m, heads, &answer);
    zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
    zwlr_output_configuration_v1_enable_head(config, heads.find("TWO")->head);
    ASSERT_TRUE(c.roundtrip());
    std::string error;
    ASSERT_TRUE(server->configure_output(*server->find_output("ONE"), Server::OutputChange{{}, {}, 2 * kScaleUnit, {}, {}}, &error));
    zwlr_output_configuration_v1_apply(config);
    ASSERT_TRUE(c.dispatch_until([&] { return answer != Answer::None; }));
    EXPECT_EQ(answer, Answer::Cancelled);
}

TEST_F(OutputManagerTest, naming_a_head_twice_is_already_configured_head) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    Answer answer = Answer::None;
    auto* config = configure(c, m, heads, &answer);
    zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
    EXPECT_PROTOCOL_ERROR(c, zwlr_output_configuration_v1_disable_head(config, heads.find("ONE")->head),
                          &zwlr_output_configuration_v1_interface,
                          ZWLR_OUTPUT_CONFIGURATION_V1_ERROR_ALREADY_CONFIGURED_HEAD);
}

TEST_F(OutputManagerTest, applying_without_every_head_is_unconfigured_head) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    Answer answer = Answer::None;
    auto* config = configure(c, m, heads, &answer);
    zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
    EXPECT_PROTOCOL_ERROR(c, zwlr_output_configuration_v1_apply(config), &zwlr_output_configuration_v1_interface,
                          ZWLR_OUTPUT_CONFIGURATION_V1_ERROR_UNCONFIGURED_HEAD);
}

TEST_F(OutputManagerTest, a_second_apply_is_already_used) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    Answer answer = Answer::None;
    auto* config = configure(c, m, heads, &answer);
    zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
    zwlr_output_configuration_v1_enable_head(config, heads.find("TWO")->head);
    zwlr_output_configuration_v1_test(config);
    ASSERT_TRUE(c.dispatch_until([&] { return answer != Answer::None; }));
    EXPECT_PROTOCOL_ERROR(c, zwlr_output_configuration_v1_apply(config), &zwlr_output_configuration_v1_interface,
                          ZWLR_OUTPUT_CONFIGURATION_V1_ERROR_ALREADY_USED);
}

TEST_F(OutputManagerTest, setting_a_property_twice_is_already_set) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    Answer answer = Answer::None;
    auto* config = configure(c, m, heads, &answer);
    auto* one = zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
    zwlr_output_configuration_head_v1_set_position(one, 0, 0);
    EXPECT_PROTOCOL_ERROR(c, zwlr_output_configuration_head_v1_set_position(one, 10, 10),
                          &zwlr_output_configuration_head_v1_interface,
                          ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_ALREADY_SET);
}

TEST_F(OutputManagerTest, a_mode_of_another_head_is_invalid_mode) {
    TestClient& c = connect();
    Heads heads;
    zwlr_output_manager_v1* m = bind(c, heads);
    Answer answer = Answer::None;
    auto* config = configure(c, m, heads, &answer);
    auto* one = zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
    EXPECT_PROTOCOL_ERROR(c, zwlr_output_configuration_head_v1_set_mode(one, heads.find("TWO")->current),
                          &zwlr_output_configuration_head_v1_interface,
                          ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_INVALID_MODE);
}

TEST_F(OutputManagerTest, bad_values_are_the_errors_the_spec_names) {
    struct Case {
        void (*send)(zwlr_output_configuration_head_v1*);
        uint32_t code;
    };
    const Case cases[] = {
        {[](zwlr_output_configuration_head_v1* h) { zwlr_output_configuration_head_v1_set_custom_mode(h, 0, 100, 0); },
         ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_INVALID_CUSTOM_MODE},
        {[](zwlr_output_configuration_head_v1* h) { zwlr_output_configuration_head_v1_set_transform(h, 8); },
         ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_INVALID_TRANSFORM},
        {[](zwlr_output_configuration_head_v1* h) { zwlr_output_configuration_head_v1_set_scale(h, 0); },
         ZWLR_OUTPUT_CONFIGURATION_HEAD_V1_ERROR_INVALID_SCALE},
    };
    for (const Case& k : cases) {
        TestClient& c = connect();
        Heads heads;
        zwlr_output_manager_v1* m = bind(c, heads);
        Answer answer = Answer::None;
        auto* config = configure(c, m, heads, &answer);
        auto* one = zwlr_output_configuration_v1_enable_head(config, heads.find("ONE")->head);
        EXPECT_PROTOCOL_ERROR(c, k.send(one), &zwlr_output_configuration_head_v1_interface, k.code);
    }
    // Only the offending clients were cut off.
    TestClient& fine = connect();
    Heads heads;
    bind(fine, heads);
    EXPECT_EQ(heads.live(), 2u);
}

} // namespace
} // namespace shoji::test
