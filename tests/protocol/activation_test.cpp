// xdg_activation_v1 as clients see it: every committed token is answered
// with done and a unique token; activate() focuses the window only with a
// token made by the client that has the keyboard focus with one of its input
// serials, or by the compositor (`shoji ctl activation-token`); any other
// token is ignored (docs/testing-clients.md, "Activation"). already_used.
#include <optional>
#include <set>
#include <string>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "seat/wl_seat.hpp"
#include "shell/xdg_activation_v1.hpp"
#include "shell/xdg_toplevel.hpp"
#include "xdg-activation-v1-client-protocol.h"

namespace shoji::test {
namespace {

struct Token {
    xdg_activation_token_v1* object = nullptr;
    std::string text;
    int dones = 0;
    ~Token() {
        if (object) xdg_activation_token_v1_destroy(object);
    }
};
const xdg_activation_token_v1_listener token_listener = {
    [](void* data, xdg_activation_token_v1*, const char* token) {
        auto* t = static_cast<Token*>(data);
        t->text = token;
        ++t->dones;
    },
};

class ActivationTest : public ShojiTest {
protected:
    // A client with a mapped window, its keyboard and xdg_activation_v1.
    struct App {
        TestClient* client;
        xdg_activation_v1* activation;
        std::unique_ptr<Keyboard> keyboard;
        std::unique_ptr<Toplevel> window;
        std::unique_ptr<Buffer> buffer;
    };
    App app() {
        TestClient& c = connect();
        App a{&c, bind_global<xdg_activation_v1>(c, &xdg_activation_v1_interface, 1), c.get_keyboard(),
              c.make_toplevel(), c.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888)};
        EXPECT_NE(a.activation, nullptr) << "no xdg_activation_v1 global";
        c.commit_buffer(a.window->surface, *a.buffer);
        EXPECT_TRUE(c.commit_and_wait_frame(a.window->surface));
        return a;
    }
    // Commits a token (with `serial` if given) and waits for done.
    std::unique_ptr<Token> token(App& a, std::optional<uint32_t> serial) {
        auto t = std::make_unique<Token>();
        t->object = xdg_activation_v1_get_activation_token(a.activation);
        xdg_activation_token_v1_add_listener(t->object, &token_listener, t.get());
        if (serial) xdg_activation_token_v1_set_serial(t->object, *serial, a.client->seat);
        xdg_activation_token_v1_set_app_id(t->object, "org.example.app");
        xdg_activation_token_v1_set_surface(t->object, a.window->surface);
        xdg_activation_token_v1_commit(t->object);
        EXPECT_TRUE(a.client->dispatch_until([&] { return t->dones > 0; }));
        return t;
    }
    bool focused(App& a) { return server->seat().keyboard_focus() == a.client->server_surface(a.window->surface); }
    // b asks to activate its window with `text`; true once that is settled.
    void activate(App& b, const std::string& text) {
        xdg_activation_v1_activate(b.activation, text.c_str(), b.window->surface);
        EXPECT_TRUE(b.client->roundtrip());
    }
};

TEST_F(ActivationTest, TheFocusedClientsTokenWithItsInputSerialFocusesAnotherClientsWindow) {
    App b = app();
    App a = app(); // mapped last: it has the focus
    ASSERT_TRUE(focused(a));
    ASSERT_NE(a.keyboard->enter_serial, 0u);
    auto t = token(a, a.keyboard->enter_serial);
    EXPECT_EQ(t->dones, 1);
    EXPECT_FALSE(t->text.empty());
    activate(b, t->text); // a hands b the token (XDG_ACTIVATION_TOKEN), b activates
    EXPECT_TRUE(focused(b));
    EXPECT_TRUE(b.client->server_toplevel(*b.window)->current().activated ||
                b.client->server_toplevel(*b.window)->requested().activated);
}

TEST_F(ActivationTest, ATokenWorksOnce) {
    App b = app();
    App a = app();
    auto t = token(a, a.keyboard->enter_serial);
    activate(b, t->text);
    ASSERT_TRUE(focused(b));
    // a takes the focus back; b's reuse of the token is ignored.
    a.client->server_toplevel(*a.window)->activate();
    ASSERT_TRUE(a.client->roundtrip());
    ASSERT_TRUE(focused(a));
    activate(b, t->text);
    EXPECT_TRUE(focused(a));
}

TEST_F(ActivationTest, WithoutASerialOrFromAnUnfocusedClientOrUnknownTheRequestIsIgnored) {
    App b = app();
    App a = app();
    auto no_serial = token(a, std::nullopt);
    activate(b, no_serial->text);
    EXPECT_TRUE(focused(a));
    auto wrong_serial = token(a, a.keyboard->enter_serial + 1000);
    activate(b, wrong_serial->text);
    EXPECT_TRUE(focused(a));
    // b is not focused: its own serial does not count.
    auto unfocused = token(b, b.keyboard->enter_serial);
    activate(b, unfocused->text);
    EXPECT_TRUE(focused(a));
    activate(b, "not-a-token");
    EXPECT_TRUE(focused(a));
    EXPECT_FALSE(b.client->has_error());
}

TEST_F(ActivationTest, CompositorTokensFocusAndEveryTokenIsUnique) {
    App b = app();
    App a = app();
    std::set<std::string> seen;
    for (int i = 0; i < 5; ++i) seen.insert(token(a, std::nullopt)->text);
    const std::string ctl = server->activation().issue_token(true);
    seen.insert(ctl);
    EXPECT_EQ(seen.size(), 6u);
    activate(b, ctl);
    EXPECT_TRUE(focused(b));
}

TEST_F(ActivationTest, PastTheLimitTheOldestTokenIsForgotten) {
    App b = app();
    App a = app();
    const std::string oldest = server->activation().issue_token(true);
    for (size_t i = 0; i < XdgActivation::kMaxTokens; ++i) server->activation().issue_token(false);
    activate(b, oldest);
    EXPECT_TRUE(focused(a));
}

TEST_F(ActivationTest, RequestsAfterCommitAreAlreadyUsed) {
    App a = app();
    auto t = token(a, std::nullopt);
    EXPECT_PROTOCOL_ERROR(*a.client, xdg_activation_token_v1_set_app_id(t->object, "again"),
                          &xdg_activation_token_v1_interface, XDG_ACTIVATION_TOKEN_V1_ERROR_ALREADY_USED);
}

TEST_F(ActivationTest, ASecondCommitIsAlreadyUsed) {
    App a = app();
    auto t = token(a, std::nullopt);
    EXPECT_PROTOCOL_ERROR(*a.client, xdg_activation_token_v1_commit(t->object), &xdg_activation_token_v1_interface,
                          XDG_ACTIVATION_TOKEN_V1_ERROR_ALREADY_USED);
}

} // namespace
} // namespace shoji::test
