// DamageFrames: `shoji --damage-frames DIR`, one PNG per output frame showing
// what that frame repainted and how (docs/testing-clients.md, "Damage
// frames"). An observer like Trace: a FrameObserver on each output, so
// nothing below knows of it and without the option nothing is drawn.
//
// Each picture is the frame as committed, dimmed to a quarter where it was
// not repainted; each repainted pixel is the frame at a quarter plus three
// quarters of a flat colour. Red on: this frame's damage (off: the area
// buffer age adds); green: read with SRC; blue: blended with OVER; green and
// blue: background fill, no view. So yellow, magenta, white (damage) and
// green, blue, cyan (buffer age). Occluded views are outlined 1 px in pure
// red, which no repainted pixel can be. Every channel is then either at most
// 63 (off) or at least 191 (on): the pictures can be counted exactly.
#pragma once

#include <cstdint>
#include <string>

#include "output/frame_report.hpp"

namespace shoji {

class Server;

class DamageFrames : public FrameObserver {
public:
    // `dir` exists and is writable (the session checked, see run_session).
    DamageFrames(Server& server, std::string dir);
    ~DamageFrames() override;
    DamageFrames(const DamageFrames&) = delete;
    DamageFrames& operator=(const DamageFrames&) = delete;

    void frame_drawn(Output& output, const FrameReport& report) override;

    // Pictures written (frame-00001.png, ...).
    uint64_t written() const { return written_; }
    // Empty, or why a picture could not be written (then no more are tried).
    const std::string& error() const { return error_; }

    // The overlay colours (x8r8g8b8), as documented above.
    static constexpr uint32_t kDamageSrc = 0xffff00, kDamageOver = 0xff00ff, kDamageBackground = 0xffffff;
    static constexpr uint32_t kAgeSrc = 0x00ff00, kAgeOver = 0x0000ff, kAgeBackground = 0x00ffff;
    static constexpr uint32_t kOccludedOutline = 0xff0000;

private:
    Server& server_;
    std::string dir_;
    uint64_t written_ = 0;
    std::string error_;
};

} // namespace shoji
