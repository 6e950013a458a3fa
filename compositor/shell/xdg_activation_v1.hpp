// xdg_activation_v1 (staging/xdg-activation, version 1): one client hands
// another (or itself) a token that lets it take the focus.
//
// Policy (docs/testing-clients.md, "Activation"): a token is granted if the
// client that made it had the keyboard focus and named, with set_serial, an
// input serial Shoji sent it during that focus (Seat::is_focused_input_serial),
// or if `shoji ctl activation-token` made it. activate() with a granted token
// raises and focuses the surface's toplevel; with any other token (unknown,
// used, not granted) it does nothing: Shoji has no "demands attention" state
// to show. Each token works once.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include <wayland-server-core.h>

namespace shoji {

class Seat;
class XdgShell;

class XdgActivation {
public:
    static constexpr uint32_t kVersion = 1;
    // Tokens kept at once (granted or not, not yet used). Each is a short
    // string; past this the oldest is forgotten (activating with it then does
    // nothing), so a client that makes tokens without end cannot grow memory.
    static constexpr size_t kMaxTokens = 256;

    XdgActivation(wl_display* display, Seat& seat, XdgShell& shell);
    ~XdgActivation();
    XdgActivation(const XdgActivation&) = delete;
    XdgActivation& operator=(const XdgActivation&) = delete;

    Seat& seat() const { return seat_; }

    // A new token, unique in this server; `granted`: activate() with it
    // focuses. xdg_activation_token_v1.commit and `shoji ctl` call this.
    std::string issue_token(bool granted);

    void handle_activate(const char* token, wl_resource* surface);

private:
    struct Token {
        std::string text;
        bool granted;
    };
    Seat& seat_;
    XdgShell& shell_;
    wl_global* global_;
    std::deque<Token> tokens_; // oldest first
    uint64_t counter_ = 0;
    std::string nonce_; // random per server: tokens of two sessions differ
};

} // namespace shoji
