// The fuzz input format: what the bytes of one fuzz input mean.
//
// One input is one client's whole session. It is read as a sequence of
// chunks, each an op byte (taken modulo kOpCount, so every byte is some op)
// followed by that op's fields. Integers are little-endian, as on the wire of
// the machines we run on. A field cut short by the end of the input is read as
// zeros; the session then ends.
//
//   kRaw       u16 len, len bytes     write the bytes to the client socket
//   kMessage   u32 object, u16 opcode, u16 len, len bytes
//                                     write one message: object id, then
//                                     ((8 + len) << 16 | opcode), then the
//                                     argument bytes (len is not rounded up,
//                                     so the fuzzer can also misalign)
//   kFd        u8 flags, u32 size, u8 fill
//                                     make a memfd of size % (kMaxFdSize + 1)
//                                     bytes; it travels (SCM_RIGHTS) with the
//                                     next kRaw/kMessage write (the wire has
//                                     no slot for fds: libwayland takes the
//                                     next fd from the ancillary data for
//                                     each fd argument it demarshals)
//   kTruncate  u8 index, u32 size     ftruncate memfd number index % count
//                                     (in creation order) to size %
//                                     (kMaxFdSize + 1): shrinking after
//                                     create_pool is hole 4 (docs/design.md, “Hole 4: a truncated pool”)
//   kDispatch  u8 ms                  one server dispatch with a timeout of
//                                     ms % 3 milliseconds (the 1000 Hz
//                                     headless output may run a frame)
//   kFrame     -                      dispatch(0), run the output's frame
//                                     path (wlr_output_send_frame), dispatch(0)
//   kInput     u8 kind, then by kind % 9 (the user's own devices, through
//              the Seat's entry points the nested backends use, after a
//              dispatch that reads what the client wrote before; the session
//              lets go of everything still held when it ends):
//                0 pointer motion  i16 x, i16 y: to that layout position
//                1 button          u8 b, u8 pressed: BTN_LEFT + b % 3, pressed & 1
//                2 axis            u8 axis & 1, i8 value
//                3 key             u8 evdev code, u8 pressed & 1
//                4 touch down      u8 id % 4, i16 x, i16 y
//                5 touch motion    u8 id % 4, i16 x, i16 y
//                6 touch up        u8 id % 4
//                7 gesture         u8 g: with k = g & 0x7f, kind k % 3 (swipe,
//                                  pinch, hold), phase k / 3 % 3 (begin,
//                                  update, end), cancelled g & 0x80;
//                                  u8 fingers % 5,
//                                  i8 dx, i8 dy, u8 scale / 16, i8 rotation
//                8 touch cancel    -
//   kRequest   u8 object, u8 opcode, typed arguments
//                                     one request, built from the server's
//                                     own wl_interface tables so that it is
//                                     well formed: object is an index into
//                                     the session's live objects (creation
//                                     order, wl_display first), opcode is
//                                     taken modulo the requests that object's
//                                     version has; then each argument of the
//                                     request's signature, as below
//
// kRequest arguments:
//   int, uint, fixed   u8 kind, then by kind % 4: 0: u32 as is; 1: u8 back,
//                      the latest serial the server sent minus back % 16;
//                      2: i8 (small: coordinates, sizes, enums); 3: u16.
//                      (A fixed of kind 2 or 3 is that integer, × 256.)
//   string, array      u8 len, len bytes (a string gets its NUL added; a
//                      nullable string of len 255 is null; a string of len
//                      254 is the latest string argument of an event the
//                      server sent, no bytes follow: an activation token,
//                      a MIME type offered)
//   object             u8 index: index % count among the live objects of the
//                      argument's interface (any object if the request does
//                      not name one); 255, or none alive: null (id 0)
//   new_id             nothing: the next client id, of the argument's
//                      interface. wl_registry.bind's (which names no
//                      interface): u8 global, u8 version: the first advertised
//                      global of kGlobals[global % count] (fuzz_session.cpp),
//                      at version % its version + 1
//   fd                 u8 flags, u32 size, u8 fill, as kFd; it goes with this
//                      request
//
// Every message the session writes (kRaw and kMessage too) is read back as
// the server will read it, so that objects made by any op become live
// objects; wl_display.delete_id and the new_ids of events are followed too.
//
// Wire format reminder (wayland.xml, "Wire Format"): every argument is
// 4-byte aligned; int/uint/fixed/object/new_id are one u32 (new_id of an
// interface-less request, wl_registry.bind, is string interface + u32
// version + u32 id); string is u32 length including the NUL, then the bytes
// padded to 4; array is u32 byte length then padded bytes; fd has no bytes.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace shoji::fuzz {

enum Op : uint8_t { kRaw, kMessage, kFd, kTruncate, kDispatch, kFrame, kRequest, kInput, kOpCount };

// kRequest integer argument kinds.
enum IntKind : uint8_t { kIntRaw, kIntSerial, kIntSmall, kIntU16 };

// kInput kinds.
enum InputKind : uint8_t {
    kInputMotion, kInputButton, kInputAxis, kInputKey, kInputTouchDown, kInputTouchMotion, kInputTouchUp,
    kInputGesture, kInputTouchCancel, kInputKindCount,
};

// kRequest string lengths that mean something else.
constexpr uint8_t kStringLatest = 254; // the latest string argument of an event
constexpr uint8_t kStringNull = 255;   // null, if the argument is nullable

// kFd flags.
enum FdFlags : uint8_t {
    kFdFill = 1 << 0,       // write the fill byte over the first kMaxFill bytes
    kFdSealShrink = 1 << 1, // F_SEAL_SHRINK (docs/design.md, “Hole 3: a sealed pool grown past its file”)
    kFdSealGrow = 1 << 2,   // F_SEAL_GROW
    kFdSealWrite = 1 << 3,  // F_SEAL_WRITE: the server's shared writable mmap fails
    kFdPipe = 1 << 4,       // send the read end of a pipe instead: not mmappable
    kFdKeymap = 1 << 5,     // the seat's own keymap (xkb text and NUL) in a memfd,
                            // not size bytes (zwp_virtual_keyboard_v1.keymap)
};

constexpr uint32_t kMaxFdSize = 16u << 20; // sparse unless filled; pools may claim more
// The fill paints pixels, no more: past the first 64 KiB (a 128x128 ARGB8888
// buffer) a pool reads as zeros. A megabyte of fill per fd was 14 % of the
// fuzzer's time (memset and page faults) for no new paths.
constexpr uint32_t kMaxFill = 64u << 10;
constexpr size_t kMaxFds = 64;             // per input; later kFd ops are ignored

// Builds inputs in the format above: the seed generator writes the corpus with
// it, and tests can write an input by hand.
class InputWriter {
public:
    const std::vector<uint8_t>& bytes() const { return out_; }

    void raw(const std::vector<uint8_t>& data) {
        u8(kRaw);
        u16(uint16_t(data.size()));
        out_.insert(out_.end(), data.begin(), data.end());
    }
    void message(uint32_t object, uint16_t opcode, const std::vector<uint8_t>& args) {
        u8(kMessage);
        u32(object);
        u16(opcode);
        u16(uint16_t(args.size()));
        out_.insert(out_.end(), args.begin(), args.end());
    }
    void fd(uint32_t size, uint8_t flags = 0, uint8_t fill = 0) {
        u8(kFd);
        u8(flags);
        u32(size);
        u8(fill);
    }
    void truncate(uint8_t index, uint32_t size) {
        u8(kTruncate);
        u8(index);
        u32(size);
    }
    void dispatch(uint8_t ms = 0) {
        u8(kDispatch);
        u8(ms);
    }
    void frame() { u8(kFrame); }
    // kInput: `kind` and its fields, as fuzz_input.hpp lists them.
    void input(InputKind kind, const std::vector<uint8_t>& fields = {}) {
        u8(kInput);
        u8(kind);
        out_.insert(out_.end(), fields.begin(), fields.end());
    }
    void pointer_to(int16_t x, int16_t y) { input(kInputMotion, {lo(x), hi(x), lo(y), hi(y)}); }
    void button(uint8_t b, bool pressed) { input(kInputButton, {b, uint8_t(pressed)}); }
    void key(uint8_t evdev, bool pressed) { input(kInputKey, {evdev, uint8_t(pressed)}); }
    void touch(InputKind kind, uint8_t id, int16_t x = 0, int16_t y = 0) {
        if (kind == kInputTouchUp || kind == kInputTouchCancel) input(kind, {id});
        else input(kind, {id, lo(x), hi(x), lo(y), hi(y)});
    }
    // object: index among the live objects (see kRequest); args: written with
    // RequestArgs.
    void request(uint8_t object, uint8_t opcode, const std::vector<uint8_t>& args) {
        u8(kRequest);
        u8(object);
        u8(opcode);
        out_.insert(out_.end(), args.begin(), args.end());
    }

private:
    static uint8_t lo(int16_t v) { return uint8_t(uint16_t(v)); }
    static uint8_t hi(int16_t v) { return uint8_t(uint16_t(v) >> 8); }
    void u8(uint8_t v) { out_.push_back(v); }
    void u16(uint16_t v) { for (int i = 0; i < 2; ++i) out_.push_back(uint8_t(v >> (8 * i))); }
    void u32(uint32_t v) { for (int i = 0; i < 4; ++i) out_.push_back(uint8_t(v >> (8 * i))); }
    std::vector<uint8_t> out_;
};

// The argument bytes of one message, in wire format.
class Args {
public:
    Args& u(uint32_t v) {
        const auto* p = reinterpret_cast<const uint8_t*>(&v);
        bytes_.insert(bytes_.end(), p, p + 4);
        return *this;
    }
    Args& i(int32_t v) { return u(uint32_t(v)); }
    Args& str(const std::string& s) {
        u(uint32_t(s.size() + 1));
        bytes_.insert(bytes_.end(), s.begin(), s.end());
        bytes_.push_back(0);
        while (bytes_.size() % 4) bytes_.push_back(0);
        return *this;
    }
    Args& array(const uint8_t* p, size_t n) {
        u(uint32_t(n));
        bytes_.insert(bytes_.end(), p, p + n);
        while (bytes_.size() % 4) bytes_.push_back(0);
        return *this;
    }
    operator const std::vector<uint8_t>&() const { return bytes_; }

private:
    std::vector<uint8_t> bytes_;
};

// The typed arguments of one kRequest, in order of the request's signature.
class RequestArgs {
public:
    RequestArgs& u(uint32_t v) { return b(kIntRaw).b32(v); }
    RequestArgs& i(int32_t v) { return u(uint32_t(v)); }
    // The latest serial the server sent, minus back.
    RequestArgs& serial(uint8_t back = 0) { return b(kIntSerial).b(back); }
    RequestArgs& small(int8_t v) { return b(kIntSmall).b(uint8_t(v)); }
    RequestArgs& u16(uint16_t v) { return b(kIntU16).b(uint8_t(v)).b(uint8_t(v >> 8)); }
    RequestArgs& str(const std::string& s) {
        b(uint8_t(s.size()));
        bytes_.insert(bytes_.end(), s.begin(), s.end());
        return *this;
    }
    RequestArgs& null_str() { return b(kStringNull); }
    RequestArgs& latest_str() { return b(kStringLatest); }
    RequestArgs& array(const std::vector<uint8_t>& a) {
        b(uint8_t(a.size()));
        bytes_.insert(bytes_.end(), a.begin(), a.end());
        return *this;
    }
    // The index-th live object of the argument's interface; 255: null.
    RequestArgs& obj(uint8_t index = 0) { return b(index); }
    RequestArgs& new_id() { return *this; }
    RequestArgs& bind(uint8_t global, uint8_t version) { return b(global).b(version); }
    RequestArgs& fd(uint32_t size, uint8_t flags = 0, uint8_t fill = 0) { return b(flags).b32(size).b(fill); }
    operator const std::vector<uint8_t>&() const { return bytes_; }

private:
    RequestArgs& b(uint8_t v) {
        bytes_.push_back(v);
        return *this;
    }
    RequestArgs& b32(uint32_t v) {
        for (int k = 0; k < 4; ++k) bytes_.push_back(uint8_t(v >> (8 * k)));
        return *this;
    }
    std::vector<uint8_t> bytes_;
};

} // namespace shoji::fuzz
