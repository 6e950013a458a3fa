// An in-process test with libshoji: the compositor runs inside the test
// binary, on a private runtime directory; the test connects clients, drives
// input with the verbs of `shoji ctl` and looks at what is shown.
//
// Built against the installed library with pkg-config only (see Makefile):
//     c++ -std=c++17 example_test.cpp $(pkg-config --cflags --libs shoji gtest_main)
#include <shoji/shoji.hpp>

#include <gtest/gtest.h>
#include <wayland-client.h>

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <set>
#include <string>

namespace {

// The globals a client sees: a registry roundtrip on a wl_display the
// test's own thread dispatches while the compositor runs on its own.
std::set<std::string> globals(wl_display* display) {
    std::set<std::string> names;
    wl_registry* registry = wl_display_get_registry(display);
    static const wl_registry_listener listener = {
        [](void* data, wl_registry*, uint32_t, const char* interface, uint32_t) {
            static_cast<std::set<std::string>*>(data)->insert(interface);
        },
        [](void*, wl_registry*, uint32_t) {},
    };
    wl_registry_add_listener(registry, &listener, &names);
    wl_display_roundtrip(display);
    wl_registry_destroy(registry);
    return names;
}

bool on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    std::string dirs = path ? path : "";
    size_t start = 0;
    while (start <= dirs.size()) {
        const size_t end = std::min(dirs.find(':', start), dirs.size());
        const std::string candidate = dirs.substr(start, end - start) + "/" + program;
        if (access(candidate.c_str(), X_OK) == 0) return true;
        start = end + 1;
    }
    return false;
}

} // namespace

TEST(Shoji, a_client_of_this_thread_sees_the_globals) {
    shoji::Compositor shoji({320, 240});
    wl_display* display = shoji.connect();
    const auto names = globals(display);
    EXPECT_TRUE(names.count("wl_compositor"));
    EXPECT_TRUE(names.count("wl_shm"));
    EXPECT_TRUE(names.count("xdg_wm_base"));
    EXPECT_TRUE(names.count("wl_seat"));
    wl_display_disconnect(display);
}

TEST(Shoji, a_real_client_draws_and_obeys_close) {
    if (!on_path("weston-simple-shm")) GTEST_SKIP() << "weston-simple-shm is not installed";
    shoji::Compositor shoji({640, 480});
    const int pid = shoji.launch({"weston-simple-shm"});

    const shoji::Window window = shoji.wait_window();
    EXPECT_GT(window.width, 0);
    EXPECT_EQ(window.pid, pid);

    // The window shows something other than the background, #202020.
    const shoji::Image shown = shoji.snapshot();
    ASSERT_EQ(shown.width, 640);
    EXPECT_NE(shown.argb(window.x + window.width / 2, window.y + window.height / 2), 0xff202020u);

    shoji.click(window.width / 2.0, window.height / 2.0, std::to_string(window.id));
    EXPECT_TRUE(shoji.windows().at(0).focused);

    shoji.close(std::to_string(window.id));
    EXPECT_EQ(shoji.wait_exit(pid, 10), 0);
}

TEST(Shoji, a_selector_that_matches_nothing_is_an_error) {
    shoji::Compositor shoji({320, 240});
    try {
        shoji.click("app-id=org.example.Nothing");
        FAIL() << "no error";
    } catch (const shoji::Error& e) {
        EXPECT_NE(std::strstr(e.what(), "org.example.Nothing"), nullptr) << e.what();
    }
}
