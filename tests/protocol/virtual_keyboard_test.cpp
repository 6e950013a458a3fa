// zwp_virtual_keyboard_v1 as its clients see it: one client types through a
// virtual keyboard with a keymap of its own (as wtype does), another has the
// focused window and receives the keys through its wl_keyboard, with the
// sender's keymap while that keyboard is in use. Hostile keymap files (too
// large, not regular, shorter than said, changed after sending, not xkb)
// are no_keymap errors for the sender only.
#include <fcntl.h>
#include <linux/input-event-codes.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "harness/fixture.hpp"
#include "harness/globals.hpp"
#include "seat/wl_seat.hpp"
#include "seat/zwp_virtual_keyboard_manager_v1.hpp"
#include "seat/zwp_virtual_keyboard_v1.hpp"
#include "virtual-keyboard-unstable-v1-client-protocol.h"

namespace shoji::test {
namespace {

// A keymap like the ones wtype writes: key 1 types "x", key 2 is Shift.
const std::string kTwoKeys = R"xkb(xkb_keymap {
xkb_keycodes "(unnamed)" { minimum = 8; maximum = 11; <K1> = 9; <K2> = 10; };
xkb_types "(unnamed)" { include "complete" };
xkb_compatibility "(unnamed)" { include "complete" };
xkb_symbols "(unnamed)" { key <K1> {[ x ]}; key <K2> {[ Shift_L ]}; modifier_map Shift { <K2> }; };
};
)xkb";

// A memfd holding `text` and its NUL; `size` bytes are claimed by default.
int keymap_fd(const std::string& text) {
    const int fd = memfd_create("test-keymap", MFD_CLOEXEC);
    EXPECT_GE(fd, 0);
    EXPECT_EQ(write(fd, text.c_str(), text.size() + 1), ssize_t(text.size() + 1));
    return fd;
}

// The text of the keymap a wl_keyboard was last sent.
std::string received_keymap(const Keyboard& k) {
    if (k.keymap_fd < 0 || k.keymap_size == 0) return "";
    void* map = mmap(nullptr, k.keymap_size, PROT_READ, MAP_PRIVATE, k.keymap_fd, 0);
    if (map == MAP_FAILED) return "";
    const char* text = static_cast<const char*>(map);
    std::string s(text, strnlen(text, k.keymap_size));
    munmap(map, k.keymap_size);
    return s;
}

class VirtualKeyboardTest : public ShojiTest {
protected:
    void SetUp() override {
        ShojiTest::SetUp();
        TestClient& r = connect();
        receiver = &r;
        keyboard = r.get_keyboard();
        window = r.make_toplevel();
        buffer = r.make_buffer(40, 40, WL_SHM_FORMAT_XRGB8888);
        r.commit_buffer(window->surface, *buffer);
        ASSERT_TRUE(r.commit_and_wait_frame(window->surface));
        ASSERT_EQ(keyboard->focus, window->surface);

        TestClient& s = connect();
        sender = &s;
        manager = bind_global<zwp_virtual_keyboard_manager_v1>(s, &zwp_virtual_keyboard_manager_v1_interface, 1);
        ASSERT_NE(manager, nullptr) << "no zwp_virtual_keyboard_manager_v1 global";
        vk = zwp_virtual_keyboard_manager_v1_create_virtual_keyboard(manager, s.seat);
        ASSERT_TRUE(s.roundtrip());
    }

    void TearDown() override {
        // The client-side objects go before their clients.
        keyboard.reset();
        buffer.reset();
        window.reset();
        ShojiTest::TearDown();
    }

    bool sync() { return sender->roundtrip() && receiver->roundtrip(); }

    void send_keymap(zwp_virtual_keyboard_v1* k, const std::string& text) {
        const int fd = keymap_fd(text);
        zwp_virtual_keyboard_v1_keymap(k, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd, uint32_t(text.size() + 1));
        close(fd);
    }

    TestClient* receiver = nullptr;
    TestClient* sender = nullptr;
    std::unique_ptr<Keyboard> keyboard;
    std::unique_ptr<Toplevel> window;
    std::unique_ptr<Buffer> buffer;
    zwp_virtual_keyboard_manager_v1* manager = nullptr;
    zwp_virtual_keyboard_v1* vk = nullptr;
};

TEST_F(VirtualKeyboardTest, manager_is_advertised_at_version_1) {
    EXPECT_EQ(sender->globals["zwp_virtual_keyboard_manager_v1"], 1u);
}

TEST_F(VirtualKeyboardTest, keys_arrive_with_the_senders_keymap) {
    const int keymaps_before = keyboard->keymaps;
    send_keymap(vk, kTwoKeys);
    ASSERT_TRUE(sync());
    EXPECT_EQ(keyboard->keymaps, keymaps_before) << "the keymap changed before any key was typed with it";

    zwp_virtual_keyboard_v1_key(vk, 100, 1, WL_KEYBOARD_KEY_STATE_PRESSED);
    zwp_virtual_keyboard_v1_key(vk, 101, 1, WL_KEYBOARD_KEY_STATE_RELEASED);
    ASSERT_TRUE(sync());
    // The receiver got the sender's keymap (compiled and written out by
    // Shoji), then the keys, with the sender's timestamps.
    EXPECT_EQ(keyboard->keymaps, keymaps_before + 1);
    const std::string keymap = received_keymap(*keyboard);
    EXPECT_NE(keymap.find("<K1>"), std::string::npos) << keymap.substr(0, 200);
    ASSERT_EQ(keyboard->keys.size(), 2u);
    EXPECT_EQ(keyboard->keys[0].key, 1u);
    EXPECT_EQ(keyboard->keys[0].state, uint32_t(WL_KEYBOARD_KEY_STATE_PRESSED));
    EXPECT_EQ(keyboard->keys[0].time, 100u);
    EXPECT_EQ(keyboard->keys[1].state, uint32_t(WL_KEYBOARD_KEY_STATE_RELEASED));

    // The seat's own keyboard types next: its keymap comes back first.
    server->seat().keyboard_key(KEY_A, true, 0);
    server->seat().keyboard_key(KEY_A, false, 0);
    ASSERT_TRUE(receiver->roundtrip());
    EXPECT_EQ(keyboard->keymaps, keymaps_before + 2);
    EXPECT_NE(received_keymap(*keyboard).find("<AE01>"), std::string::npos);
    EXPECT_EQ(keyboard->keys.back().key, uint32_t(KEY_A));
}

TEST_F(VirtualKeyboardTest, a_client_that_binds_a_keyboard_later_gets_the_keymap_in_use) {
    send_keymap(vk, kTwoKeys);
    zwp_virtual_keyboard_v1_key(vk, 1, 1, WL_KEYBOARD_KEY_STATE_PRESSED);
    ASSERT_TRUE(sync());
    auto late = receiver->get_keyboard();
    ASSERT_TRUE(receiver->roundtrip());
    EXPECT_NE(received_keymap(*late).find("<K1>"), std::string::npos);
    EXPECT_EQ(late->enter_keys, std::vector<uint32_t>{1}) << "enter lists the keys held";
}

TEST_F(VirtualKeyboardTest, only_the_focused_client_is_sent_a_new_keymap_others_when_focused) {
    TestClient& other = connect();
    auto other_keyboard = other.get_keyboard();
    ASSERT_TRUE(other.roundtrip());
    ASSERT_EQ(other_keyboard->keymaps, 1);
    send_keymap(vk, kTwoKeys);
    zwp_virtual_keyboard_v1_key(vk, 1, 1, WL_KEYBOARD_KEY_STATE_PRESSED);
    zwp_virtual_keyboard_v1_key(vk, 1, 1, WL_KEYBOARD_KEY_STATE_RELEASED);
    ASSERT_TRUE(sync());
    ASSERT_TRUE(other.roundtrip());
    EXPECT_EQ(other_keyboard->keymaps, 1) << "a client without the focus was sent the keymap";
    // It maps a window and gets the focus: the keymap in use comes first.
    auto w = other.make_toplevel();
    auto b = other.make_buffer(20, 20, WL_SHM_FORMAT_XRGB8888);
    other.commit_buffer(w->surface, *b);
    ASSERT_TRUE(other.commit_and_wait_frame(w->surface));
    ASSERT_EQ(other_keyboard->focus, w->surface);
    EXPECT_EQ(other_keyboard->keymaps, 2);
    EXPECT_NE(received_keymap(*other_keyboard).find("<K1>"), std::string::npos);
    // Focus back on the first: it has that keymap already, nothing is resent.
    const int keymaps = keyboard->keymaps;
    server->seat().set_keyboard_focus(receiver->server_surface(window->surface));
    ASSERT_TRUE(receiver->roundtrip());
    EXPECT_EQ(keyboard->keymaps, keymaps);
    other_keyboard.reset();
}

TEST_F(VirtualKeyboardTest, modifiers_and_modifier_keys_reach_the_focused_client) {
    send_keymap(vk, kTwoKeys);
    ASSERT_TRUE(sync());
    // Key 2 is Shift in the sender's keymap: xkb's state says so.
    zwp_virtual_keyboard_v1_key(vk, 1, 2, WL_KEYBOARD_KEY_STATE_PRESSED);
    ASSERT_TRUE(sync());
    EXPECT_EQ(keyboard->mods_depressed, 1u) << "Shift (bit 0) is not down";
    zwp_virtual_keyboard_v1_key(vk, 1, 2, WL_KEYBOARD_KEY_STATE_RELEASED);
    // wtype's way: the modifiers request (Control is bit 2).
    zwp_virtual_keyboard_v1_modifiers(vk, 1u << 2, 0, 0, 0);
    ASSERT_TRUE(sync());
    EXPECT_EQ(keyboard->mods_depressed, 1u << 2);
    EXPECT_EQ(keyboard->mods_locked, 0u);
}

TEST_F(VirtualKeyboardTest, held_keys_are_released_and_the_keymap_restored_when_it_goes) {
    send_keymap(vk, kTwoKeys);
    zwp_virtual_keyboard_v1_key(vk, 7, 1, WL_KEYBOARD_KEY_STATE_PRESSED);
    ASSERT_TRUE(sync());
    const int keymaps = keyboard->keymaps;
    zwp_virtual_keyboard_v1_destroy(vk);
    vk = nullptr;
    ASSERT_TRUE(sync());
    ASSERT_EQ(keyboard->keys.size(), 2u);
    EXPECT_EQ(keyboard->keys[1].key, 1u);
    EXPECT_EQ(keyboard->keys[1].state, uint32_t(WL_KEYBOARD_KEY_STATE_RELEASED));
    EXPECT_EQ(keyboard->keys[1].time, 7u);
    EXPECT_EQ(keyboard->keymaps, keymaps + 1);
    EXPECT_NE(received_keymap(*keyboard).find("<AE01>"), std::string::npos) << "the default keymap is not back";
}

TEST_F(VirtualKeyboardTest, a_key_the_keymap_does_not_have_is_dropped) {
    send_keymap(vk, kTwoKeys);
    zwp_virtual_keyboard_v1_key(vk, 1, 200, WL_KEYBOARD_KEY_STATE_PRESSED);
    zwp_virtual_keyboard_v1_key(vk, 1, 0xffffffffu, WL_KEYBOARD_KEY_STATE_PRESSED); // + 8 would wrap
    zwp_virtual_keyboard_v1_key(vk, 1, 1, 7);                                     // not a key state
    ASSERT_TRUE(sync());
    EXPECT_TRUE(keyboard->keys.empty());
}

TEST_F(VirtualKeyboardTest, held_keys_are_capped) {
    // The seat's own keyboard (the default keymap has well over 64 keys).
    uint32_t pressed = 0;
    for (uint32_t key = KEY_ESC; pressed < Seat::kMaxPressedKeys + 10; ++key, ++pressed)
        server->seat().keyboard_key(key, true, 0);
    ASSERT_TRUE(receiver->roundtrip());
    EXPECT_EQ(keyboard->keys.size(), Seat::kMaxPressedKeys);
}

TEST_F(VirtualKeyboardTest, the_keymap_is_copied_not_the_senders_file) {
    const int fd = keymap_fd(kTwoKeys);
    zwp_virtual_keyboard_v1_keymap(vk, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd, uint32_t(kTwoKeys.size() + 1));
    ASSERT_TRUE(sender->roundtrip());
    // The sender scribbles over its file once sent: what others get is
    // Shoji's own sealed copy.
    const std::string junk(kTwoKeys.size(), '#');
    ASSERT_EQ(pwrite(fd, junk.data(), junk.size(), 0), ssize_t(junk.size()));
    close(fd);
    zwp_virtual_keyboard_v1_key(vk, 1, 1, WL_KEYBOARD_KEY_STATE_PRESSED);
    ASSERT_TRUE(sync());
    EXPECT_NE(received_keymap(*keyboard).find("<K1>"), std::string::npos);
    EXPECT_EQ(write(keyboard->keymap_fd, "x", 1), -1) << "the keymap others get is writable";
}

TEST_F(VirtualKeyboardTest, a_new_keymap_while_in_use_reaches_the_focused_client) {
    send_keymap(vk, kTwoKeys);
    zwp_virtual_keyboard_v1_key(vk, 1, 1, WL_KEYBOARD_KEY_STATE_PRESSED);
    zwp_virtual_keyboard_v1_key(vk, 1, 1, WL_KEYBOARD_KEY_STATE_RELEASED);
    ASSERT_TRUE(sync());
    const int keymaps = keyboard->keymaps;
    std::string other = kTwoKeys;
    other.replace(other.find("<K1>"), 4, "<KX>");
    other.replace(other.find("<K1>"), 4, "<KX>");
    send_keymap(vk, other);
    ASSERT_TRUE(sync());
    EXPECT_EQ(keyboard->keymaps, keymaps + 1);
    EXPECT_NE(received_keymap(*keyboard).find("<KX>"), std::string::npos);
}

// --- errors -------------------------------------------------------------------------

TEST_F(VirtualKeyboardTest, key_before_a_keymap_is_no_keymap) {
    EXPECT_PROTOCOL_ERROR(*sender, zwp_virtual_keyboard_v1_key(vk, 0, 1, WL_KEYBOARD_KEY_STATE_PRESSED),
                          &zwp_virtual_keyboard_v1_interface, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP);
    EXPECT_FALSE(receiver->has_error());
    EXPECT_TRUE(keyboard->keys.empty());
}

TEST_F(VirtualKeyboardTest, modifiers_before_a_keymap_is_no_keymap) {
    EXPECT_PROTOCOL_ERROR(*sender, zwp_virtual_keyboard_v1_modifiers(vk, 1, 0, 0, 0),
                          &zwp_virtual_keyboard_v1_interface, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP);
}

TEST_F(VirtualKeyboardTest, a_keymap_format_other_than_xkb_v1_is_no_keymap) {
    const int fd = keymap_fd(kTwoKeys);
    EXPECT_PROTOCOL_ERROR(*sender,
                          zwp_virtual_keyboard_v1_keymap(vk, WL_KEYBOARD_KEYMAP_FORMAT_NO_KEYMAP, fd,
                                                         uint32_t(kTwoKeys.size() + 1)),
                          &zwp_virtual_keyboard_v1_interface, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP);
    close(fd);
}

TEST_F(VirtualKeyboardTest, a_keymap_that_does_not_compile_is_no_keymap) {
    const std::string bad = "xkb_keymap { this is not a keymap };";
    const int fd = keymap_fd(bad);
    EXPECT_PROTOCOL_ERROR(*sender,
                          zwp_virtual_keyboard_v1_keymap(vk, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd, uint32_t(bad.size())),
                          &zwp_virtual_keyboard_v1_interface, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP);
    close(fd);
    // The seat carries on, with its own keymap.
    server->seat().keyboard_key(KEY_A, true, 0);
    ASSERT_TRUE(receiver->roundtrip());
    EXPECT_EQ(keyboard->keys.size(), 1u);
}

TEST_F(VirtualKeyboardTest, a_size_larger_than_the_file_is_no_keymap) {
    const int fd = keymap_fd(kTwoKeys);
    EXPECT_PROTOCOL_ERROR(*sender,
                          zwp_virtual_keyboard_v1_keymap(vk, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd,
                                                         uint32_t(kTwoKeys.size() + 4096)),
                          &zwp_virtual_keyboard_v1_interface, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP);
    close(fd);
}

TEST_F(VirtualKeyboardTest, a_keymap_larger_than_the_cap_is_no_keymap) {
    // A sparse file just past the cap: it is refused before anything is read.
    const int fd = memfd_create("huge-keymap", MFD_CLOEXEC);
    ASSERT_EQ(ftruncate(fd, off_t(VirtualKeyboard::kMaxKeymapBytes) + 1), 0);
    EXPECT_PROTOCOL_ERROR(*sender,
                          zwp_virtual_keyboard_v1_keymap(vk, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd,
                                                         VirtualKeyboard::kMaxKeymapBytes + 1),
                          &zwp_virtual_keyboard_v1_interface, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP);
    close(fd);
}

TEST_F(VirtualKeyboardTest, a_pipe_as_keymap_is_no_keymap_and_does_not_block) {
    // Nothing is ever written to the pipe: a read() of it would block Shoji.
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    EXPECT_PROTOCOL_ERROR(*sender, zwp_virtual_keyboard_v1_keymap(vk, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fds[0], 4096),
                          &zwp_virtual_keyboard_v1_interface, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP);
    close(fds[0]);
    close(fds[1]);
}

TEST_F(VirtualKeyboardTest, a_zero_size_keymap_is_no_keymap) {
    const int fd = keymap_fd(kTwoKeys);
    EXPECT_PROTOCOL_ERROR(*sender, zwp_virtual_keyboard_v1_keymap(vk, WL_KEYBOARD_KEYMAP_FORMAT_XKB_V1, fd, 0),
                          &zwp_virtual_keyboard_v1_interface, ZWP_VIRTUAL_KEYBOARD_V1_ERROR_NO_KEYMAP);
    close(fd);
}

TEST_F(VirtualKeyboardTest, one_client_may_have_only_so_many_virtual_keyboards) {
    // The fixture's keyboard is the first.
    for (size_t i = 1; i < VirtualKeyboardManager::kMaxPerClient; ++i)
        zwp_virtual_keyboard_manager_v1_create_virtual_keyboard(manager, sender->seat);
    ASSERT_TRUE(sender->roundtrip());
    EXPECT_PROTOCOL_ERROR(*sender, zwp_virtual_keyboard_manager_v1_create_virtual_keyboard(manager, sender->seat),
                          &zwp_virtual_keyboard_manager_v1_interface, ZWP_VIRTUAL_KEYBOARD_MANAGER_V1_ERROR_UNAUTHORIZED);
    // Another client still may.
    TestClient& other = connect();
    auto* m = bind_global<zwp_virtual_keyboard_manager_v1>(other, &zwp_virtual_keyboard_manager_v1_interface, 1);
    zwp_virtual_keyboard_manager_v1_create_virtual_keyboard(m, other.seat);
    EXPECT_TRUE(other.roundtrip());
}

// read_keymap_file on its own: a file that was cut short after the client
// sent it is an error (the file is read, never mapped: a file that shrinks
// during the read gives a short read, not a SIGBUS).
TEST(ReadKeymapFile, a_file_cut_short_is_an_error) {
    const int fd = memfd_create("shrinking", MFD_CLOEXEC);
    ASSERT_EQ(write(fd, kTwoKeys.c_str(), kTwoKeys.size()), ssize_t(kTwoKeys.size()));
    std::string text, error;
    EXPECT_TRUE(read_keymap_file(fd, uint32_t(kTwoKeys.size()), &text, &error)) << error;
    EXPECT_EQ(text, kTwoKeys);
    ASSERT_EQ(ftruncate(fd, 10), 0);
    EXPECT_FALSE(read_keymap_file(fd, uint32_t(kTwoKeys.size()), &text, &error));
    EXPECT_NE(error.find("fewer than the size"), std::string::npos) << error;
    close(fd);
}

} // namespace
} // namespace shoji::test
