// zxdg_decoration_manager_v1 and org_kde_kwin_server_decoration_manager as
// clients see them: both answer the mode Shoji was started with
// (ServerConfig::decorations, `--decorations`), client-side by default,
// whatever the client asks; the xdg decoration's configure is followed by an
// xdg_surface.configure; the errors xdg-decoration names.
#include <cstring>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "server-decoration-client-protocol.h"
#include "xdg-decoration-unstable-v1-client-protocol.h"

namespace shoji::test {
namespace {

struct Decoration {
    zxdg_toplevel_decoration_v1* object = nullptr;
    std::vector<uint32_t> modes; // configure events, in order
    ~Decoration() {
        if (object) zxdg_toplevel_decoration_v1_destroy(object);
    }
};

const zxdg_toplevel_decoration_v1_listener decoration_listener = {
    [](void* data, zxdg_toplevel_decoration_v1*, uint32_t mode) { static_cast<Decoration*>(data)->modes.push_back(mode); },
};

struct KdeModes {
    std::vector<uint32_t> defaults, modes;
};
const org_kde_kwin_server_decoration_manager_listener kde_manager_listener = {
    [](void* data, org_kde_kwin_server_decoration_manager*, uint32_t mode) {
        static_cast<KdeModes*>(data)->defaults.push_back(mode);
    },
};
const org_kde_kwin_server_decoration_listener kde_listener = {
    [](void* data, org_kde_kwin_server_decoration*, uint32_t mode) { static_cast<KdeModes*>(data)->modes.push_back(mode); },
};

class DecorationTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        client = &connect();
        manager = bind_global<zxdg_decoration_manager_v1>(*client, &zxdg_decoration_manager_v1_interface, 1);
        ASSERT_NE(manager, nullptr) << "no zxdg_decoration_manager_v1 global";
    }
    // The decoration of a toplevel made before its initial commit (as GTK
    // and Qt do), then the initial commit.
    std::unique_ptr<Decoration> decorate(Toplevel& t) {
        auto d = std::make_unique<Decoration>();
        d->object = zxdg_decoration_manager_v1_get_toplevel_decoration(manager, t.toplevel);
        zxdg_toplevel_decoration_v1_add_listener(d->object, &decoration_listener, d.get());
        return d;
    }
    TestClient* client = nullptr;
    zxdg_decoration_manager_v1* manager = nullptr;
};

class ServerSideDecorationTest : public DecorationTest {
protected:
    ServerConfig config() const override {
        ServerConfig c = DecorationTest::config();
        c.decorations = DecorationMode::Server;
        return c;
    }
};

TEST_F(DecorationTest, ClientSideByDefaultEvenIfTheClientAsksForServerSide) {
    auto t = client->new_toplevel();
    auto d = decorate(*t);
    zxdg_toplevel_decoration_v1_set_mode(d->object, ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE);
    wl_surface_commit(t->surface);
    ASSERT_TRUE(client->dispatch_until([&] { return t->configures > 0; }));
    ASSERT_FALSE(d->modes.empty());
    EXPECT_EQ(d->modes.back(), uint32_t(ZXDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE));
    zxdg_toplevel_decoration_v1_destroy(d->object);
    d->object = nullptr;
    EXPECT_TRUE(client->roundtrip());
}

TEST_F(ServerSideDecorationTest, ServerSideWithTheOptionAndEachSetModeGetsANewXdgSurfaceConfigure) {
    auto t = client->make_toplevel(); // initial commit done, configure acked
    const int before = t->configures;
    auto d = decorate(*t);
    ASSERT_TRUE(client->dispatch_until([&] { return !d->modes.empty() && t->configures > before; }));
    EXPECT_EQ(d->modes.back(), uint32_t(ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE));
    const int after_create = t->configures;
    zxdg_toplevel_decoration_v1_set_mode(d->object, ZXDG_TOPLEVEL_DECORATION_V1_MODE_CLIENT_SIDE);
    ASSERT_TRUE(client->dispatch_until([&] { return t->configures > after_create; }));
    EXPECT_EQ(d->modes.back(), uint32_t(ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE));
    const size_t modes = d->modes.size();
    zxdg_toplevel_decoration_v1_unset_mode(d->object);
    ASSERT_TRUE(client->dispatch_until([&] { return d->modes.size() > modes; }));
    EXPECT_EQ(d->modes.back(), uint32_t(ZXDG_TOPLEVEL_DECORATION_V1_MODE_SERVER_SIDE));
    zxdg_toplevel_decoration_v1_destroy(d->object);
    d->object = nullptr;
}

TEST_F(DecorationTest, ASecondDecorationForOneToplevelIsAlreadyConstructed) {
    auto t = client->new_toplevel();
    auto d = decorate(*t);
    EXPECT_TRUE(client->roundtrip());
    EXPECT_PROTOCOL_ERROR(*client, zxdg_decoration_manager_v1_get_toplevel_decoration(manager, t->toplevel),
                          &zxdg_decoration_manager_v1_interface,
                          ZXDG_TOPLEVEL_DECORATION_V1_ERROR_ALREADY_CONSTRUCTED);
}

TEST_F(DecorationTest, DestroyingTheToplevelFirstIsOrphaned) {
    auto t = client->new_toplevel();
    auto d = decorate(*t);
    EXPECT_TRUE(client->roundtrip());
    EXPECT_PROTOCOL_ERROR(*client, { xdg_toplevel_destroy(t->toplevel); t->toplevel = nullptr; },
                          &zxdg_toplevel_decoration_v1_interface, ZXDG_TOPLEVEL_DECORATION_V1_ERROR_ORPHANED);
}

// Only reachable where a buffer before the first ack is not already an
// xdg_surface error: the WLCS mode (ServerConfig::strict_unconfigured_buffer).
class LenientDecorationTest : public DecorationTest {
protected:
    ServerConfig config() const override {
        ServerConfig c = DecorationTest::config();
        c.strict_unconfigured_buffer = false;
        return c;
    }
};

TEST_F(LenientDecorationTest, ABufferBeforeTheFirstConfigureIsAckedIsUnconfiguredBuffer) {
    auto t = client->new_toplevel();
    auto buffer = client->make_buffer(20, 20);
    client->commit_buffer(t->surface, *buffer); // no ack_configure yet
    ASSERT_TRUE(client->roundtrip());
    EXPECT_PROTOCOL_ERROR(*client, zxdg_decoration_manager_v1_get_toplevel_decoration(manager, t->toplevel),
                          &zxdg_decoration_manager_v1_interface,
                          ZXDG_TOPLEVEL_DECORATION_V1_ERROR_UNCONFIGURED_BUFFER);
}

TEST_F(DecorationTest, DisconnectingWithADecorationIsNoErrorAndOthersCarryOn) {
    Bystander b = bystander();
    auto t = client->new_toplevel();
    auto d = decorate(*t);
    EXPECT_TRUE(client->roundtrip());
    // The decorated client goes, objects and all (the toplevel may go
    // before its decoration then: no orphaned error to a dying client).
    wl_client_destroy(client->server_client());
    EXPECT_TRUE(client->disconnected());
    expect_bystander_fine(b);
}

// KDE's protocol: default_mode on bind, mode on create and on every request.
void expect_kde_mode(TestClient& client, uint32_t expected) {
    auto* manager = bind_global<org_kde_kwin_server_decoration_manager>(
        client, &org_kde_kwin_server_decoration_manager_interface, 1);
    ASSERT_NE(manager, nullptr) << "no org_kde_kwin_server_decoration_manager global";
    KdeModes seen;
    org_kde_kwin_server_decoration_manager_add_listener(manager, &kde_manager_listener, &seen);
    wl_surface* surface = wl_compositor_create_surface(client.compositor);
    auto* decoration = org_kde_kwin_server_decoration_manager_create(manager, surface);
    org_kde_kwin_server_decoration_add_listener(decoration, &kde_listener, &seen);
    ASSERT_TRUE(client.roundtrip());
    ASSERT_EQ(seen.defaults.size(), 1u);
    EXPECT_EQ(seen.defaults[0], expected);
    ASSERT_EQ(seen.modes.size(), 1u);
    EXPECT_EQ(seen.modes[0], expected);
    org_kde_kwin_server_decoration_request_mode(decoration, ORG_KDE_KWIN_SERVER_DECORATION_MODE_NONE);
    org_kde_kwin_server_decoration_request_mode(decoration, 77); // not a mode: answered all the same
    ASSERT_TRUE(client.roundtrip());
    ASSERT_EQ(seen.modes.size(), 3u);
    EXPECT_EQ(seen.modes[1], expected);
    EXPECT_EQ(seen.modes[2], expected);
    org_kde_kwin_server_decoration_release(decoration);
    wl_surface_destroy(surface);
    EXPECT_TRUE(client.roundtrip());
}

TEST_F(DecorationTest, KdeServerDecorationAnswersClientByDefault) {
    expect_kde_mode(*client, ORG_KDE_KWIN_SERVER_DECORATION_MANAGER_MODE_CLIENT);
}

TEST_F(ServerSideDecorationTest, KdeServerDecorationAnswersServerWithTheOption) {
    expect_kde_mode(*client, ORG_KDE_KWIN_SERVER_DECORATION_MANAGER_MODE_SERVER);
}

} // namespace
} // namespace shoji::test
