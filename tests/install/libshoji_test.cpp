// libshoji's promises, through the public header only: the private runtime
// directory (works with XDG_RUNTIME_DIR unset, leaves the environment alone,
// is removed afterwards), the ctl verbs reaching a real client (our
// input-log-client, which logs what it gets), waits, snapshots and PNGs,
// and errors as shoji::Error.
#include <shoji/shoji.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace {

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

const char* input_log_client() {
    const char* c = std::getenv("INPUT_LOG_CLIENT");
    return c && *c ? c : nullptr;
}

} // namespace

TEST(Libshoji, makes_its_own_runtime_directory_without_xdg_runtime_dir_and_removes_it) {
    const char* before = std::getenv("XDG_RUNTIME_DIR");
    const std::string saved = before ? before : "";
    unsetenv("XDG_RUNTIME_DIR");
    std::string dir;
    {
        shoji::Compositor shoji({320, 240});
        dir = shoji.runtime_dir();
        struct stat st {};
        ASSERT_EQ(stat(dir.c_str(), &st), 0) << dir;
        EXPECT_TRUE(S_ISDIR(st.st_mode));
        EXPECT_EQ(st.st_mode & 07777, 0700u);
        EXPECT_EQ(st.st_uid, geteuid());
        EXPECT_EQ(shoji.wayland_display().rfind(dir + "/", 0), 0u) << shoji.wayland_display();
        EXPECT_EQ(std::getenv("XDG_RUNTIME_DIR"), nullptr) << "the library set XDG_RUNTIME_DIR";
        EXPECT_EQ(shoji.environment().at(0), "XDG_RUNTIME_DIR=" + dir);
    }
    EXPECT_NE(access(dir.c_str(), F_OK), 0) << dir << " is left behind";
    if (!saved.empty()) setenv("XDG_RUNTIME_DIR", saved.c_str(), 1);
}

TEST(Libshoji, the_ctl_verbs_reach_a_client_and_snapshots_show_it) {
    if (!input_log_client()) GTEST_SKIP() << "INPUT_LOG_CLIENT is not set";
    char scratch[] = "/tmp/libshoji-test-XXXXXX";
    ASSERT_NE(mkdtemp(scratch), nullptr);
    const std::string log = std::string(scratch) + "/input.log";
    {
        shoji::Compositor shoji({320, 240});
        // The client's stdout (its log) into a file: through sh, as launch()
        // takes an argv.
        const int pid = shoji.launch({"sh", "-c", "exec \"$0\" \"$@\" >'" + log + "'", input_log_client(),
                                      "--app-id", "libshoji.test", "--size", "100x80", "--colour", "3366cc",
                                      "--until", "key Return released"});
        const shoji::Window w = shoji.wait_window({std::string("libshoji.test")});
        EXPECT_EQ(w.width, 100);
        EXPECT_EQ(w.height, 80);

        shoji.wait_idle(50);
        const shoji::Image shown = shoji.snapshot();
        ASSERT_EQ(shown.width, 320);
        ASSERT_EQ(shown.height, 240);
        EXPECT_EQ(shown.argb(w.x + 50, w.y + 40), 0xff3366ccu);
        EXPECT_EQ(shown.argb(0, 0), 0xff202020u); // the background

        const std::string png = std::string(scratch) + "/window.png";
        shoji.screenshot(png, "app-id=libshoji.test");
        EXPECT_EQ(read_file(png).substr(1, 3), "PNG");

        shoji.click(10, 20, "app-id=libshoji.test");
        shoji.type("hi");
        shoji.key({"Return"});
        EXPECT_EQ(shoji.wait_exit(pid, 20), 0);
    }
    const std::string got = read_file(log);
    for (const char* line : {"pointer button left pressed 10.00 20.00", "key h pressed", "key i pressed",
                             "key Return released"})
        EXPECT_NE(got.find(line), std::string::npos) << "no '" << line << "' in:\n" << got;
    std::remove((std::string(scratch) + "/window.png").c_str());
    std::remove(log.c_str());
    rmdir(scratch);
}

TEST(Libshoji, a_wait_that_times_out_and_a_bad_selector_are_errors) {
    shoji::Compositor shoji({320, 240});
    try {
        shoji.wait_window({std::string("org.example.never")}, 0.05);
        FAIL() << "no error";
    } catch (const shoji::Error& e) {
        EXPECT_NE(std::string(e.what()).find("org.example.never"), std::string::npos) << e.what();
    }
    EXPECT_THROW(shoji.click(1, 1, "colour=blue"), shoji::Error);
    EXPECT_THROW(shoji.key({"no-such-key"}), shoji::Error);
    // Touch points: a down, then its up; an up of a point that is not down,
    // a negative id, a second down of one id; a relative move out of range.
    shoji.touch_down(3, 10, 10);
    EXPECT_THROW(shoji.touch_down(3, 20, 20), shoji::Error);
    shoji.touch_move(3, 30, 30);
    shoji.touch_up(3);
    EXPECT_THROW(shoji.touch_up(3), shoji::Error);
    EXPECT_THROW(shoji.touch_down(-1, 0, 0), shoji::Error);
    shoji.pointer_by(5, 5);
    EXPECT_THROW(shoji.pointer_by(1e12, 0), shoji::Error);
    // The compositor still answers.
    EXPECT_TRUE(shoji.windows().empty());
}
