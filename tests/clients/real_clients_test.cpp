// Real clients nobody here wrote, with input: the in-process Server listens
// on a socket in a private XDG_RUNTIME_DIR, the client runs as a child
// process with WAYLAND_DISPLAY set, the test pumps the server, injects input
// through Server::seat() and reads the pixels the output shows.
//
// One meson test per client (a --gtest_filter each). A client that is not
// installed is a GTEST_SKIP; main() turns "every test that ran was skipped"
// into exit code 77, which meson reports as SKIP. Screenshots and the
// clients' output go to $SHOJI_TEST_OUTDIR (the build directory) for
// debugging.
#include <fcntl.h>
#include <linux/input-event-codes.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "harness/client.hpp"
#include "output/output.hpp"
#include "seat/data_device.hpp"
#include "seat/wl_seat.hpp"
#include "server.hpp"
#include "shell/xdg_toplevel.hpp"
#include "surface/wl_surface.hpp"
#include "util/png.hpp"
#include "wlr.hpp"

extern char** environ;

namespace shoji::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// The full path of a program on $PATH, or "" if there is none.
std::string find_program(const std::string& name) {
    const char* path = std::getenv("PATH");
    std::stringstream dirs(path ? path : "/usr/bin:/bin");
    for (std::string dir; std::getline(dirs, dir, ':');) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

#define REQUIRE_PROGRAM(name)                                                           \
    do {                                                                                \
        if (find_program(name).empty()) GTEST_SKIP() << name << " is not installed";  \
    } while (0)

uint32_t pixel(pixman_image_t* image, int32_t x, int32_t y) {
    const auto* row = reinterpret_cast<const uint8_t*>(pixman_image_get_data(image)) +
                      size_t(y) * size_t(pixman_image_get_stride(image));
    return reinterpret_cast<const uint32_t*>(row)[x] | 0xff000000u;
}

// Pixels in a box (clipped to the image) that are not `colour`.
int count_not(pixman_image_t* image, Box box, uint32_t colour) {
    const int32_t w = pixman_image_get_width(image), h = pixman_image_get_height(image);
    int n = 0;
    for (int32_t y = std::max(0, box.y); y < std::min(h, box.y + box.height); ++y)
        for (int32_t x = std::max(0, box.x); x < std::min(w, box.x + box.width); ++x)
            n += pixel(image, x, y) != (colour | 0xff000000u);
    return n;
}

class RealClientTest : public ::testing::Test {
protected:
    virtual OutputConfig output_config() const {
        OutputConfig o;
        o.width = 640;
        o.height = 480;
        o.refresh_hz = 60;
        return o;
    }

    void SetUp() override {
        wlr_log_init(WLR_ERROR, nullptr);
        const char* out = std::getenv("SHOJI_TEST_OUTDIR");
        outdir_ = out && *out ? out : "real-clients-out";
        fs::create_directories(outdir_);
        name_ = ::testing::UnitTest::GetInstance()->current_test_info()->name();

        char tmpl[] = "/tmp/shoji-real-client-XXXXXX";
        ASSERT_NE(mkdtemp(tmpl), nullptr);
        tmp_ = tmpl;
        runtime_ = tmp_ + "/runtime";
        fs::create_directory(runtime_);
        fs::permissions(runtime_, fs::perms::owner_all, fs::perm_options::replace);
        fs::create_directory(tmp_ + "/config");
        setenv("XDG_RUNTIME_DIR", runtime_.c_str(), 1);

        ServerConfig config;
        config.backend = Backend::Headless;
        config.output = output_config();
        server = std::make_unique<Server>(config);
        socket_ = server->add_socket("");
    }

    void TearDown() override {
        if (child_ > 0 && !exited_) stop_client(SIGKILL);
        server.reset();
        std::error_code ec;
        fs::remove_all(tmp_, ec);
    }

    // Runs a client with WAYLAND_DISPLAY set to our socket, in its own
    // process group; its stdout and stderr go to files in the output dir.
    void spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {}) {
        child_ = start(argv, env, "");
        ASSERT_GE(child_, 0);
        exited_ = false;
    }

    // Runs a second program (a tool such as wtype) beside the client, the
    // same way, and pumps the server until it exits: its exit status, or -1
    // if it was still running after timeout_ms (it is killed).
    int run_to_exit(const std::vector<std::string>& argv, int timeout_ms,
                    const std::map<std::string, std::string>& env = {}) {
        const pid_t pid = start(argv, env, argv[0] + ".");
        if (pid < 0) return -1;
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        int status = 0;
        while (waitpid(pid, &status, WNOHANG) != pid) {
            if (Clock::now() > deadline) {
                kill(-pid, SIGKILL);
                waitpid(pid, &status, 0);
                return -1;
            }
            server->dispatch(5);
        }
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }

    pid_t start(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                const std::string& log_prefix) {
        std::map<std::string, std::string> vars;
        for (char** e = environ; *e; ++e) {
            const std::string kv = *e;
            const size_t eq = kv.find('=');
            if (eq != std::string::npos) vars[kv.substr(0, eq)] = kv.substr(eq + 1);
        }
        vars.erase("WAYLAND_SOCKET");
        vars.erase("DISPLAY"); // a client must not wander off to an X server
        vars["WAYLAND_DISPLAY"] = socket_;
        vars["XDG_RUNTIME_DIR"] = runtime_;
        vars["XDG_CONFIG_HOME"] = tmp_ + "/config";
        vars["HOME"] = tmp_;
        for (const auto& [k, v] : env) vars[k] = v;
        std::vector<std::string> envs;
        for (const auto& [k, v] : vars) envs.push_back(k + "=" + v);
        std::vector<char*> envp, args;
        for (std::string& s : envs) envp.push_back(s.data());
        envp.push_back(nullptr);
        std::vector<std::string> argv_copy = argv;
        for (std::string& s : argv_copy) args.push_back(s.data());
        args.push_back(nullptr);
        const std::string program = find_program(argv[0]);
        const std::string out_path = output_path(log_prefix + "stdout.txt"),
                          err_path = output_path(log_prefix + "stderr.txt");

        const pid_t pid = fork();
        if (pid == 0) {
            setpgid(0, 0);
            const int out = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int err = open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int null = open("/dev/null", O_RDONLY);
            if (out >= 0) dup2(out, 1);
            if (err >= 0) dup2(err, 2);
            if (null >= 0) dup2(null, 0);
            chdir(tmp_.c_str());
            execve(program.c_str(), args.data(), envp.data());
            _exit(127);
        }
        if (pid > 0) setpgid(pid, pid);
        return pid;
    }

    std::string output_path(const std::string& what) const { return outdir_ + "/" + name_ + "." + what; }
    std::string client_stderr() const {
        std::ifstream in(output_path("stderr.txt"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    // Whether the client is still running (reaps it if not).
    bool alive() {
        if (exited_) return false;
        const pid_t r = waitpid(child_, &status_, WNOHANG);
        if (r == child_) exited_ = true;
        return !exited_;
    }
    std::string exit_description() const {
        if (!exited_) return "running";
        if (WIFEXITED(status_)) return "exited with status " + std::to_string(WEXITSTATUS(status_));
        if (WIFSIGNALED(status_)) return std::string("killed by signal ") + strsignal(WTERMSIG(status_));
        return "stopped";
    }

    // Pumps the server until pred() holds (true) or the time is up or the
    // client exited (false).
    bool pump_until(const std::function<bool()>& pred, int timeout_ms) {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        while (!pred()) {
            if (!alive() || Clock::now() > deadline) return pred();
            server->dispatch(5);
        }
        return true;
    }
    void pump_for(int ms) {
        const auto deadline = Clock::now() + std::chrono::milliseconds(ms);
        while (Clock::now() < deadline) server->dispatch(5);
    }

    // Signals the client's process group and waits (pumping the server) for
    // it to exit; SIGKILL after two seconds.
    void stop_client(int sig) {
        if (!alive()) return;
        kill(-child_, sig);
        if (!pump_until([&] { return !alive(); }, 2000)) {
            kill(-child_, SIGKILL);
            waitpid(child_, &status_, 0);
            exited_ = true;
        }
        kill(-child_, SIGKILL); // whatever the client left behind (a shell)
    }

    uint32_t background() const { return server->output()->background() | 0xff000000u; }

    // The toplevel's main surface box in layout coordinates, once mapped.
    std::optional<Box> main_surface_box() {
        SceneNode* node = server->scene().focused();
        if (!node) return std::nullopt;
        Surface* main = node->main_surface();
        for (const View& v : server->scene().views())
            if (v.surface == main) return Box{v.x, v.y, main->width(), main->height()};
        return std::nullopt;
    }

    // Waits for a window that shows at least `min_pixels` non-background
    // pixels on the output.
    bool wait_for_window(int min_pixels, int timeout_ms) {
        return pump_until(
            [&] {
                if (server->scene().mapped_count() == 0 || server->output()->has_pending_damage()) return false;
                PixmanImage out = server->output()->read_pixels();
                return out && count_not(out.get(), {0, 0, 1 << 16, 1 << 16}, background()) >= min_pixels;
            },
            timeout_ms);
    }

    void save(PixmanImage image, const std::string& what) {
        std::string error;
        if (!write_png(output_path(what + ".png"), std::move(image), &error)) ADD_FAILURE() << error;
    }
    PixmanImage screenshot(const std::string& what) {
        PixmanImage image = server->snapshot();
        if (image) save(copy_image(image.get()), what);
        return image;
    }

    void type_key(uint32_t key) {
        server->seat().keyboard_key(key, true, now_ms());
        pump_for(10);
        server->seat().keyboard_key(key, false, now_ms());
        pump_for(10);
    }
    static uint32_t now_ms() {
        return uint32_t(std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now().time_since_epoch()).count());
    }
    // Holds `held` (modifiers) while typing `key`.
    void type_chord(std::initializer_list<uint32_t> held, uint32_t key) {
        for (uint32_t k : held) server->seat().keyboard_key(k, true, now_ms());
        type_key(key);
        for (uint32_t k : held) server->seat().keyboard_key(k, false, now_ms());
        pump_for(20);
    }

    // Copy and paste through an in-process client, the peer: it gets a
    // keyboard, a data device and (map()) a small window, which takes the
    // keyboard focus.
    struct Peer {
        explicit Peer(Server& server) : c(server), kb(c.get_keyboard()), dev(c.get_data_device()) {}
        TestClient c;
        std::unique_ptr<Keyboard> kb;
        std::unique_ptr<DataDevice> dev;
        std::unique_ptr<Toplevel> window;
        std::unique_ptr<Buffer> buffer;
    };
    static constexpr const char* kTextMime = "text/plain;charset=utf-8";
    // Pumps the server and the peer until pred() holds (true), or the time
    // is up or the real client exited (false).
    bool pump_peer_until(Peer& peer, const std::function<bool()>& pred, int timeout_ms) {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
        while (!pred() && alive() && Clock::now() < deadline) peer.c.iterate(5);
        return pred();
    }
    // Maps the peer's window, then waits for its focus and an offered
    // selection with text; returns what that selection holds as text (the
    // real client writes it when it gets to it), or nullopt.
    std::optional<std::string> peer_pastes(Peer& peer) {
        peer.window = peer.c.make_toplevel();
        peer.buffer = peer.c.make_buffer(10, 10, WL_SHM_FORMAT_XRGB8888);
        peer.buffer->fill(0xff00ff00);
        peer.c.commit_buffer(peer.window->surface, *peer.buffer);
        if (!peer.c.commit_and_wait_frame(peer.window->surface)) return std::nullopt;
        auto offers_text = [&] {
            const DataOffer* o = peer.dev->selection;
            return o && std::find(o->mime_types.begin(), o->mime_types.end(), kTextMime) != o->mime_types.end();
        };
        if (!pump_peer_until(peer, [&] { return peer.kb->focus == peer.window->surface && offers_text(); }, 5000))
            return std::nullopt;
        int fds[2];
        if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) return std::nullopt;
        wl_data_offer_receive(peer.dev->selection->offer, kTextMime, fds[1]);
        close(fds[1]);
        std::string text;
        const bool eof = pump_peer_until(
            peer,
            [&] {
                char chunk[256];
                for (ssize_t n; (n = read(fds[0], chunk, sizeof chunk)) != 0; text.append(chunk, size_t(n)))
                    if (n < 0) return false; // EAGAIN: not all written yet
                return true;
            },
            5000);
        close(fds[0]);
        if (!eof) return std::nullopt;
        return text;
    }

    std::unique_ptr<Server> server;
    pid_t child_ = -1;
    int status_ = 0;
    bool exited_ = true;
    std::string outdir_, name_, tmp_, runtime_, socket_;
};

// --- foot: typing reaches the shell ------------------------------------------------

class Foot : public RealClientTest {};

// For each scanline of an area, how many of its pixels differ from the
// terminal's background ("ink").
std::vector<int> ink_per_scanline(pixman_image_t* image, Box area, uint32_t bg) {
    std::vector<int> ink;
    for (int32_t y = area.y; y < area.y + area.height; ++y) ink.push_back(count_not(image, {area.x, y, area.width, 1}, bg));
    return ink;
}

TEST_F(Foot, typed_echo_hello_prints_hello_on_the_next_row) {
    REQUIRE_PROGRAM("foot");
    spawn({"foot", "--config=/dev/null", "--window-size-chars=40x6", "sh"},
          {{"LC_ALL", "C.UTF-8"}, {"PS1", "$ "}, {"ENV", ""}, {"SHELL", "/bin/sh"}});
    server->seat().pointer_warp(630, 470, now_ms()); // away from the window: no cursor over it
    ASSERT_TRUE(wait_for_window(1000, 10000)) << "foot did not show a window: " << exit_description() << "\n"
                                              << client_stderr();
    std::optional<Box> area = main_surface_box();
    ASSERT_TRUE(area);

    // The terminal's background is at its bottom-right corner (no text
    // there). Wait for the prompt "$ " and a solid block cursor (foot draws
    // it hollow while it has no keyboard focus) on the first row.
    uint32_t bg = 0;
    int32_t row1 = 0, cell_h = 0, cursor_x = -1, cell_w = 0;
    PixmanImage first;
    auto find_prompt = [&] {
        if (server->output()->has_pending_damage()) return false;
        first = server->output()->read_pixels();
        bg = pixel(first.get(), area->x + area->width - 3, area->y + area->height - 3);
        const std::vector<int> ink = ink_per_scanline(first.get(), *area, bg);
        // Row 1: the first band of inked scanlines. The block cursor fills a
        // whole cell, so the band is one cell high.
        const auto top = std::find_if(ink.begin(), ink.end(), [](int n) { return n > 0; });
        const auto bottom = std::find_if(top, ink.end(), [](int n) { return n == 0; });
        row1 = int32_t(top - ink.begin()), cell_h = int32_t(bottom - top);
        if (cell_h < 8 || cell_h > 40) return false;
        // The cursor: the run of columns inked on every scanline of the row
        // (no glyph of "$ " is). It is at column 2, after "$ ".
        cursor_x = -1, cell_w = 0;
        for (int32_t x = 0; x < area->width; ++x) {
            bool solid = true;
            for (int32_t y = row1; y < row1 + cell_h && solid; ++y)
                solid = pixel(first.get(), area->x + x, area->y + y) != bg;
            if (solid && cursor_x < 0) cursor_x = x;
            if (solid) ++cell_w;
            else if (cursor_x >= 0) break;
        }
        if (cell_w < 4 || cursor_x < 2 * cell_w) return false;
        // The "$" in column 0.
        return count_not(first.get(), {area->x + cursor_x - 2 * cell_w, area->y + row1, cell_w, cell_h}, bg) > 0;
    };
    const bool prompt = pump_until(find_prompt, 5000);
    first = screenshot("before");
    ASSERT_TRUE(prompt) << "no prompt with a focused (solid) cursor; see " << output_path("before.png");
    const int32_t col0 = cursor_x - 2 * cell_w;
    auto ink_in_row = [&](pixman_image_t* image, int row) {
        return count_not(image, {area->x, area->y + row1 + row * cell_h, area->width, cell_h}, bg);
    };
    EXPECT_EQ(ink_in_row(first.get(), 1), 0) << "the second row is not empty before typing";

    for (uint32_t key : {KEY_E, KEY_C, KEY_H, KEY_O, KEY_SPACE, KEY_H, KEY_E, KEY_L, KEY_L, KEY_O, KEY_ENTER})
        type_key(key);

    // echo's output on row 2, then a new prompt on row 3.
    PixmanImage after;
    const bool printed = pump_until(
        [&] {
            if (server->output()->has_pending_damage()) return false;
            after = server->output()->read_pixels();
            return ink_in_row(after.get(), 1) > 0 && ink_in_row(after.get(), 2) > 0;
        },
        5000);
    after = screenshot("after");
    ASSERT_TRUE(printed) << "nothing appeared on rows 2 and 3; see " << output_path("after.png");

    // Row 1 gained "echo hello"; row 2 shows "hello" exactly as typed on
    // row 1 (columns 7-11 of "$ echo hello"), glyph for glyph.
    EXPECT_GT(ink_in_row(after.get(), 0), ink_in_row(first.get(), 0) + 10 * 4);
    const int32_t y1 = area->y + row1, y2 = y1 + cell_h;
    const int32_t typed_x = area->x + col0 + 7 * cell_w, printed_x = area->x + col0;
    int hello_ink = 0, mismatches = 0;
    for (int32_t dy = 0; dy < cell_h; ++dy)
        for (int32_t dx = 0; dx < 5 * cell_w; ++dx) {
            const uint32_t typed = pixel(after.get(), typed_x + dx, y1 + dy);
            const uint32_t echoed = pixel(after.get(), printed_x + dx, y2 + dy);
            hello_ink += echoed != bg;
            mismatches += typed != echoed;
        }
    EXPECT_GT(hello_ink, 5 * 8) << "no glyphs where echo's hello should be";
    EXPECT_EQ(mismatches, 0) << "row 2 does not show the hello typed on row 1; see " << output_path("after.png");
    // Nothing after "hello" on row 2.
    EXPECT_EQ(count_not(after.get(), {printed_x + 5 * cell_w, y2, area->width - col0 - 5 * cell_w, cell_h}, bg), 0);
}

// Copy and paste with foot, both ways, through an in-process peer client:
// foot copies with the serial of the key that asked for it (Ctrl+Shift+C),
// which set_selection must honour; the peer's selection, offered to foot
// when it gets the focus, is pasted into foot's shell (Ctrl+Shift+V).
TEST_F(Foot, copies_a_line_to_another_client_and_pastes_another_clients_text) {
    REQUIRE_PROGRAM("foot");
    spawn({"foot", "--config=/dev/null", "--window-size-chars=40x6", "sh", "-c", "echo shoji-copied; exec sh"},
          {{"LC_ALL", "C.UTF-8"}, {"PS1", "$ "}, {"ENV", ""}, {"SHELL", "/bin/sh"}});
    server->seat().pointer_warp(630, 470, now_ms());
    ASSERT_TRUE(wait_for_window(1000, 10000)) << "foot did not show a window: " << exit_description() << "\n"
                                              << client_stderr();
    const std::optional<Box> area = main_surface_box();
    ASSERT_TRUE(area);
    Surface* const foot = server->scene().focused()->main_surface();
    // The first row is drawn (its text is on foot's top few pixel rows).
    ASSERT_TRUE(pump_until(
        [&] {
            if (server->output()->has_pending_damage()) return false;
            PixmanImage out = server->output()->read_pixels();
            const uint32_t bg = pixel(out.get(), area->x + area->width - 3, area->y + area->height - 3);
            return count_not(out.get(), {area->x, area->y, area->width / 2, 12}, bg) > 20;
        },
        5000))
        << "foot drew no first row";

    Peer peer(*server);
    ASSERT_TRUE(peer.c.roundtrip());
    auto click_foot = [&](int clicks) {
        server->seat().pointer_warp(area->x + 20, area->y + 6, now_ms());
        for (int i = 0; i < clicks; ++i) {
            server->seat().pointer_button(BTN_LEFT, true, now_ms());
            pump_for(10);
            server->seat().pointer_button(BTN_LEFT, false, now_ms());
            pump_for(10);
        }
    };

    // Copy: a triple click selects foot's first line, Ctrl+Shift+C copies
    // it. The peer's window then takes the focus and is offered it.
    click_foot(3);
    type_chord({KEY_LEFTCTRL, KEY_LEFTSHIFT}, KEY_C);
    const std::optional<std::string> copied = peer_pastes(peer);
    ASSERT_TRUE(copied) << "foot's copy was not offered to the next focused client, or not sent: " << client_stderr();
    EXPECT_EQ(copied->rfind("shoji-copied", 0), 0u) << "foot copied \"" << *copied << "\"";

    // Paste: the peer (focused) sets a selection, foot is clicked (it gets
    // the focus and the offer) and pastes it with Ctrl+Shift+V.
    auto source = peer.c.make_data_source({kTextMime});
    wl_data_device_set_selection(peer.dev->device, source->source, peer.kb->enter_serial);
    ASSERT_TRUE(peer.c.roundtrip());
    ASSERT_FALSE(source->cancelled) << "the focused peer's selection was refused";
    click_foot(1);
    ASSERT_TRUE(pump_peer_until(peer, [&] { return server->seat().keyboard_focus() == foot; }, 5000));
    type_chord({KEY_LEFTCTRL, KEY_LEFTSHIFT}, KEY_V);
    ASSERT_TRUE(pump_peer_until(peer, [&] { return !source->sends.empty(); }, 5000)) << "foot did not ask for the text";
    EXPECT_EQ(source->sends[0].mime_type.rfind("text/plain", 0), 0u) << source->sends[0].mime_type;
    const std::string command = "touch pasted-by-shoji";
    const int write_fd = std::exchange(source->sends[0].fd, -1);
    ASSERT_EQ(write(write_fd, command.data(), command.size()), ssize_t(command.size()));
    close(write_fd);
    pump_for(50);
    type_key(KEY_ENTER);
    EXPECT_TRUE(pump_peer_until(peer, [&] { return fs::exists(tmp_ + "/pasted-by-shoji"); }, 5000))
        << "the pasted command did not run; see " << output_path("pasted.png");
    screenshot("pasted");
    EXPECT_FALSE(peer.c.has_error());
    EXPECT_TRUE(alive()) << exit_description() << "\n" << client_stderr();
}

// --- wtype: a virtual keyboard types into foot -----------------------------------------

// wtype (zwp_virtual_keyboard_v1, with a keymap of its own made for the text)
// types into foot, whose shell reads one line and writes it to a file: the
// file says what arrived, exactly, with no pixels to interpret.
class Wtype : public RealClientTest {
protected:
    void start_reader() {
        spawn({"foot", "--config=/dev/null", "--window-size-chars=40x6", "sh", "-c",
               "read -r line; printf '%s\\n' \"$line\" > typed.part && mv typed.part typed.txt"},
              {{"LC_ALL", "C.UTF-8"}, {"ENV", ""}, {"SHELL", "/bin/sh"}});
        // foot has the keyboard once its window is mapped.
        const bool focused = pump_until(
            [&] { return server->scene().mapped_count() > 0 && server->seat().keyboard_focus() != nullptr; }, 10000);
        ASSERT_TRUE(focused) << "foot did not map a window: " << exit_description() << "\n" << client_stderr();
    }

    // What the shell wrote, once it has (the file appears whole: mv).
    std::optional<std::string> typed() {
        std::ifstream in(tmp_ + "/typed.txt");
        if (!in) return std::nullopt;
        return std::string(std::istreambuf_iterator<char>(in), {});
    }

    void type_and_check(const std::vector<std::string>& wtype_args, const std::string& expected_line) {
        REQUIRE_PROGRAM("foot");
        REQUIRE_PROGRAM("wtype");
        start_reader();
        std::vector<std::string> argv = {"wtype"};
        argv.insert(argv.end(), wtype_args.begin(), wtype_args.end());
        const int status = run_to_exit(argv, 20000);
        std::ifstream err(output_path("wtype.stderr.txt"));
        ASSERT_EQ(status, 0) << "wtype failed: " << std::string(std::istreambuf_iterator<char>(err), {});
        std::optional<std::string> got;
        pump_until([&] { return bool(got = typed()); }, 10000);
        ASSERT_TRUE(got) << "the shell wrote nothing: " << exit_description() << "\n" << client_stderr();
        EXPECT_EQ(*got, expected_line + "\n");
    }
};

TEST_F(Wtype, types_a_line_into_a_shell_in_foot) {
    type_and_check({"hello from wtype", "-k", "Return"}, "hello from wtype");
}

TEST_F(Wtype, types_characters_the_default_keymap_does_not_have) {
    // wtype's keymap maps each character to a key of its own; the seat's
    // default (us) keymap has none of these.
    type_and_check({"déjà vu ✓ ß", "-k", "Return"}, "déjà vu ✓ ß");
}

// --- weston-simple-shm and weston-simple-damage: many frames -------------------------

class ManyFrames : public RealClientTest {
protected:
    OutputConfig output_config() const override {
        OutputConfig o = RealClientTest::output_config();
        o.refresh_hz = 240; // 100 frames in well under a second
        return o;
    }
    void run_frames(const std::string& program) {
        spawn({program});
        ASSERT_TRUE(wait_for_window(10000, 10000))
            << program << " did not show a window: " << exit_description() << "\n" << client_stderr();
        const uint64_t start = server->output()->frames_rendered();
        const bool enough = pump_until([&] { return server->output()->frames_rendered() >= start + 120; }, 10000);
        screenshot("last");
        ASSERT_TRUE(alive()) << program << " " << exit_description() << "\n" << client_stderr();
        ASSERT_TRUE(enough) << "only " << server->output()->frames_rendered() - start << " frames in 10 s";
        // Both clients quit cleanly on SIGINT.
        stop_client(SIGINT);
        ASSERT_TRUE(exited_);
        EXPECT_TRUE(WIFEXITED(status_) && WEXITSTATUS(status_) == 0)
            << program << " " << exit_description() << "\n" << client_stderr();
    }
};

TEST_F(ManyFrames, weston_simple_shm_runs_120_frames) {
    REQUIRE_PROGRAM("weston-simple-shm");
    run_frames("weston-simple-shm");
}

TEST_F(ManyFrames, weston_simple_damage_runs_120_frames) {
    REQUIRE_PROGRAM("weston-simple-damage");
    run_frames("weston-simple-damage");
}

// --- weston-terminal and weston-flower: map and render ---------------------------------

class MapsAndRenders : public RealClientTest {
protected:
    void expect_window(const std::string& program, int min_pixels) {
        spawn({program}, {{"LC_ALL", "C.UTF-8"}, {"SHELL", "/bin/sh"}});
        const bool shown = wait_for_window(min_pixels, 10000);
        screenshot("window");
        ASSERT_TRUE(shown) << program << " did not render a window: " << exit_description() << "\n"
                           << client_stderr();
        EXPECT_TRUE(alive()) << program << " " << exit_description();
    }
};

TEST_F(MapsAndRenders, weston_terminal) {
    REQUIRE_PROGRAM("weston-terminal");
    expect_window("weston-terminal", 50000);
}

TEST_F(MapsAndRenders, weston_flower) {
    REQUIRE_PROGRAM("weston-flower");
    expect_window("weston-flower", 5000);
}

// --- gtk3-widget-factory ----------------------------------------------------------------

class Gtk3WidgetFactory : public RealClientTest {
protected:
    // The "Left" combo box, from the window geometry's top-left corner, as
    // found on a screenshot (Adwaita, the default theme).
    static constexpr int32_t kComboX = 60, kComboY = 293;

    static bool is_cursor(const Surface* s) { return s->role_name() && std::strcmp(s->role_name(), "cursor") == 0; }
    std::set<Surface*> window_surfaces() const {
        std::set<Surface*> out;
        for (const View& v : server->scene().views())
            if (!is_cursor(v.surface)) out.insert(v.surface);
        return out;
    }

    OutputConfig output_config() const override {
        OutputConfig o = RealClientTest::output_config();
        o.width = 1280;
        o.height = 800;
        return o;
    }
    void start() {
        spawn({"gtk3-widget-factory"}, {{"GDK_BACKEND", "wayland"},
                                        {"NO_AT_BRIDGE", "1"},
                                        {"GTK_A11Y", "none"},
                                        {"GSETTINGS_BACKEND", "memory"},
                                        {"LC_ALL", "C.UTF-8"}});
        const bool shown = wait_for_window(100000, 20000);
        screenshot("window");
        ASSERT_TRUE(shown) << "gtk3-widget-factory did not show its window: " << exit_description() << "\n"
                           << client_stderr();
        pump_for(300); // late warnings, the last redraws
    }
};

TEST_F(Gtk3WidgetFactory, maps_without_seat_warnings) {
    REQUIRE_PROGRAM("gtk3-widget-factory");
    start();
    ASSERT_TRUE(alive()) << exit_description() << "\n" << client_stderr();
    std::string err = client_stderr();
    std::string lower = err;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char ch) { return std::tolower(ch); });
    EXPECT_EQ(lower.find("seat"), std::string::npos) << "stderr:\n" << err;
    EXPECT_EQ(err.find("Protocol error"), std::string::npos) << "stderr:\n" << err;
}

TEST_F(Gtk3WidgetFactory, clicking_a_combo_box_opens_a_popup_menu) {
    REQUIRE_PROGRAM("gtk3-widget-factory");
    start();
    auto* window = dynamic_cast<XdgToplevel*>(server->scene().focused());
    ASSERT_NE(window, nullptr);
    PixmanImage before = screenshot("before-click");
    const std::set<Surface*> surfaces_before = window_surfaces();

    const double x = window->x() + kComboX, y = window->y() + kComboY;
    server->seat().pointer_warp(x, y, now_ms());
    pump_for(50);
    server->seat().pointer_button(BTN_LEFT, true, now_ms());
    pump_for(50);
    server->seat().pointer_button(BTN_LEFT, false, now_ms());

    // A popup: a new surface in the scene (not the cursor), drawn on the output.
    std::optional<Box> popup;
    pump_until(
        [&] {
            for (const View& v : server->scene().views())
                if (!surfaces_before.count(v.surface) && !is_cursor(v.surface) && v.surface->width() > 0)
                    popup = Box{v.x, v.y, v.surface->width(), v.surface->height()};
            return popup && !server->output()->has_pending_damage();
        },
        3000);
    pump_for(200);
    PixmanImage after = screenshot("after-click");
    const std::string err = client_stderr();
    if (!alive()) {
        if (err.find("xdg_popup") != std::string::npos || err.find("Protocol error") != std::string::npos)
            GTEST_SKIP() << "xdg_popup is not served yet: gtk3-widget-factory " << exit_description()
                         << " after a protocol error:\n" << err;
        FAIL() << "gtk3-widget-factory " << exit_description() << "\n" << err;
    }
    if (!popup)
        GTEST_SKIP() << "no popup surface appeared after clicking the combo box at " << x << "," << y
                     << " (xdg_popup not served yet?); see " << output_path("after-click.png") << "\n" << err;

    // The menu is drawn over what was there.
    int changed = 0;
    for (int32_t py = popup->y; py < popup->y + popup->height; ++py)
        for (int32_t px = popup->x; px < popup->x + popup->width; ++px)
            if (px >= 0 && py >= 0 && px < pixman_image_get_width(after.get()) && py < pixman_image_get_height(after.get()))
                changed += pixel(before.get(), px, py) != pixel(after.get(), px, py);
    EXPECT_GT(changed, popup->width * popup->height / 10)
        << "the popup surface is not on the output; see " << output_path("after-click.png");
    EXPECT_EQ(err.find("Protocol error"), std::string::npos) << err;

    // A click elsewhere in the window dismisses it (popup_done; GTK unmaps it).
    server->seat().pointer_warp(window->x() + 700, window->y() + 500, now_ms());
    pump_for(50);
    server->seat().pointer_button(BTN_LEFT, true, now_ms());
    pump_for(50);
    server->seat().pointer_button(BTN_LEFT, false, now_ms());
    const bool dismissed = pump_until([&] { return window_surfaces() == surfaces_before; }, 3000);
    screenshot("dismissed");
    EXPECT_TRUE(dismissed) << "the popup stayed after a click outside it; see " << output_path("dismissed.png");
    EXPECT_TRUE(alive()) << exit_description() << "\n" << client_stderr();
}

// GTK 3 copies with the serial of the latest input event it saw (here the
// C of Ctrl+C), which set_selection must honour. The widget factory starts
// with the text of its first entry selected and focused.
TEST_F(Gtk3WidgetFactory, ctrl_c_copies_the_selected_entry_text_to_another_client) {
    REQUIRE_PROGRAM("gtk3-widget-factory");
    start();
    ASSERT_NE(server->seat().keyboard_focus(), nullptr) << "the widget factory has no keyboard focus";
    Peer peer(*server);
    ASSERT_TRUE(peer.c.roundtrip());
    type_chord({KEY_LEFTCTRL}, KEY_C);
    // GTK copies when it gets to the key: the peer may take the focus only
    // once the selection is set (later, GTK's serial is of a focus it lost).
    ASSERT_TRUE(pump_until([&] { return server->data_devices().selection().current() != nullptr; }, 5000))
        << "GTK did not set the selection after Ctrl+C: " << client_stderr();
    const std::optional<std::string> copied = peer_pastes(peer);
    ASSERT_TRUE(copied) << "GTK's copy was not offered to the next focused client, or not sent: " << client_stderr();
    EXPECT_EQ(*copied, "comboboxentry");
    EXPECT_TRUE(alive()) << exit_description() << "\n" << client_stderr();
}

// --- grim: screencopy ---------------------------------------------------------------------

class Grim : public RealClientTest {};

TEST_F(Grim, png_equals_the_snapshot) {
    REQUIRE_PROGRAM("grim");
    // A window with a pattern in every channel, drawn by our own client.
    TestClient painter(*server);
    auto t = painter.make_toplevel();
    auto b = painter.make_buffer(200, 150, WL_SHM_FORMAT_XRGB8888);
    for (int32_t y = 0; y < b->height; ++y)
        for (int32_t x = 0; x < b->width; ++x)
            reinterpret_cast<uint32_t*>(b->row(y))[x] =
                0xff000000u | uint32_t(x * 255 / 199) << 16 | uint32_t(y * 255 / 149) << 8 | uint32_t((x ^ y) & 0xff);
    painter.commit_buffer(t->surface, *b);
    ASSERT_TRUE(painter.commit_and_wait_frame(t->surface));
    ASSERT_TRUE(painter.commit_and_wait_frame(t->surface));

    const std::string png = output_path("grim.png");
    fs::remove(png);
    spawn({"grim", png});
    pump_until([] { return false; }, 10000); // until grim exits
    ASSERT_FALSE(alive()) << "grim did not finish";
    ASSERT_TRUE(WIFEXITED(status_) && WEXITSTATUS(status_) == 0) << "grim " << exit_description() << "\n"
                                                                   << client_stderr();
    PixmanImage expected = screenshot("snapshot");
    std::string error;
    PixmanImage got = read_png(png, &error);
    ASSERT_TRUE(got) << error;
    ASSERT_EQ(pixman_image_get_width(got.get()), pixman_image_get_width(expected.get()));
    ASSERT_EQ(pixman_image_get_height(got.get()), pixman_image_get_height(expected.get()));
    int differ = 0;
    std::string first;
    for (int32_t y = 0; y < pixman_image_get_height(got.get()); ++y)
        for (int32_t x = 0; x < pixman_image_get_width(got.get()); ++x) {
            const uint32_t g = pixel(got.get(), x, y), e = pixel(expected.get(), x, y);
            if (g != e && differ++ == 0) {
                std::ostringstream s;
                s << std::hex << "at " << std::dec << x << "," << y << std::hex << ": grim " << g << ", snapshot " << e;
                first = s.str();
            }
        }
    EXPECT_EQ(differ, 0) << "first difference " << first;
    EXPECT_GT(count_not(got.get(), {0, 0, 1 << 16, 1 << 16}, background()), 200 * 150 / 2)
        << "grim's PNG does not show the window";
}

// A fullscreen opaque window is shown by direct scanout (no composite);
// grim's capture of it holds the client's pixels (the output composites the
// frame a screencopy waits for: output/direct_scanout_buffer.hpp), and the
// window is shown directly again afterwards.
TEST_F(Grim, png_of_a_directly_shown_fullscreen_window_is_the_clients_buffer) {
    REQUIRE_PROGRAM("grim");
    TestClient painter(*server);
    auto t = painter.make_toplevel();
    xdg_toplevel_set_fullscreen(t->toplevel, nullptr);
    const int before = t->configures;
    ASSERT_TRUE(painter.dispatch_until([&] { return t->configures > before; }));
    painter.ack(*t);
    const int32_t w = t->configured_width, h = t->configured_height;
    ASSERT_EQ(w, server->output()->wlr()->width);
    ASSERT_EQ(h, server->output()->wlr()->height);
    auto b = painter.make_buffer(w, h, WL_SHM_FORMAT_XRGB8888);
    auto expected_at = [&](int32_t x, int32_t y) {
        return 0xff000000u | uint32_t(x * 255 / (w - 1)) << 16 | uint32_t(y * 255 / (h - 1)) << 8 |
               uint32_t((x ^ y) & 0xff);
    };
    for (int32_t y = 0; y < h; ++y)
        for (int32_t x = 0; x < w; ++x) reinterpret_cast<uint32_t*>(b->row(y))[x] = expected_at(x, y);
    painter.commit_buffer(t->surface, *b);
    ASSERT_TRUE(painter.commit_and_wait_frame(t->surface));
    ASSERT_TRUE(painter.commit_and_wait_frame(t->surface));
    const uint64_t direct = server->output()->frames_direct();
    ASSERT_GE(direct, 1u) << "the fullscreen window is not shown directly";

    const std::string png = output_path("grim-direct.png");
    fs::remove(png);
    spawn({"grim", png});
    pump_until([] { return false; }, 10000); // until grim exits
    ASSERT_FALSE(alive()) << "grim did not finish";
    ASSERT_TRUE(WIFEXITED(status_) && WEXITSTATUS(status_) == 0) << "grim " << exit_description() << "\n"
                                                                   << client_stderr();
    std::string error;
    PixmanImage got = read_png(png, &error);
    ASSERT_TRUE(got) << error;
    ASSERT_EQ(pixman_image_get_width(got.get()), w);
    ASSERT_EQ(pixman_image_get_height(got.get()), h);
    int differ = 0;
    for (int32_t y = 0; y < h; ++y)
        for (int32_t x = 0; x < w; ++x) differ += pixel(got.get(), x, y) != expected_at(x, y);
    EXPECT_EQ(differ, 0) << "grim's PNG is not the client's buffer";
    PixmanImage snapshot = screenshot("direct-snapshot");
    ASSERT_TRUE(snapshot);
    differ = 0;
    for (int32_t y = 0; y < h; ++y)
        for (int32_t x = 0; x < w; ++x) differ += pixel(snapshot.get(), x, y) != expected_at(x, y);
    EXPECT_EQ(differ, 0) << "the snapshot is not the client's buffer";
    // Once the capture is done, the next frame is direct again.
    wl_surface_attach(t->surface, b->buffer, 0, 0);
    wl_surface_damage_buffer(t->surface, 0, 0, w, h);
    ASSERT_TRUE(painter.commit_and_wait_frame(t->surface));
    EXPECT_GT(server->output()->frames_direct(), direct);
}

} // namespace
} // namespace shoji::test

// Like gtest_main, but a run in which every test was skipped (a client that
// is not installed) exits 77, meson's code for a skipped test.
int main(int argc, char** argv) {
    ::testing::InitGoogleTest(&argc, argv);
    const int result = RUN_ALL_TESTS();
    const auto* unit = ::testing::UnitTest::GetInstance();
    if (result == 0 && unit->test_to_run_count() > 0 && unit->skipped_test_count() == unit->test_to_run_count())
        return 77;
    return result;
}
