// Running fuzz inputs (fuzz_input.hpp) against an in-process headless Shoji.
//
// run_session runs one input against a fresh server: how the seeds are
// checked and how every input is replayed (fuzz-seeds-replay), so a finding
// reproduces from its input alone. PersistentServer is what the fuzzer runs:
// one server per process, a fresh client connection per input, the server
// checked to be back in its initial state after each (every client object
// gone, outputs as they started), and made anew every kRestartEvery inputs.
// An input does the same in both: global names come from the server's own
// wl_registry.global events, serials are relative to the latest one sent.
//
// Session is one client connection: a raw socket whose bytes come from the
// input unchanged, with real memfds as SCM_RIGHTS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "server.hpp"
#include "util/listener.hpp"

struct wl_client;
struct wl_interface;
struct wl_protocol_logger;
struct wl_protocol_logger_message;

namespace shoji::fuzz {

// The globals a kRequest can bind (wl_registry.bind's u8 global), by index.
// A server that advertises a global missing here aborts the session, so a
// new protocol gets its entry (append it: the index is in the corpus).
extern const char* const kGlobals[];
class Reader;
extern const size_t kGlobalCount;

struct SessionReport {
    std::vector<uint8_t> events; // every byte the server sent the client, in order
    bool dropped = false;        // the server disconnected the client before the input ended
};

// The server every session runs against: 64×64 headless at 1000 Hz.
ServerConfig fuzz_config();
// Makes a server for sessions (quiet logs, the kGlobals check installed).
std::unique_ptr<Server> make_fuzz_server();
// Aborts, naming what is left, unless `server` is as a fresh one is once its
// clients are gone: no surfaces, windows or focus, outputs as configured;
// then puts back what no client owns (the pointer's position).
void check_reset(Server& server, const char* who);

class Session {
public:
    explicit Session(Server& server, SessionReport* report = nullptr);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Runs the input's ops; stops early if the server drops the client.
    void feed(const uint8_t* data, size_t size);
    // Hangs up and makes sure the server notices (aborts if it does not).
    void finish();
    // Reads what the server sent; false once the client is gone.
    bool pump();
    bool connected() const { return client_ != nullptr; }

private:
    struct Object {
        uint32_t id;
        const wl_interface* iface; // null: not known (made by raw bytes we could not follow)
        uint32_t version;
    };
    struct Advertised {
        uint32_t name;
        std::string iface;
        uint32_t version;
    };

    void dispatch(int timeout_ms);
    size_t unread_by_server() const; // bytes in the server's end of the socket
    void drain();
    void send_bytes(const uint8_t* p, size_t n);
    void make_fd(uint8_t flags, uint32_t size, uint8_t fill);
    void request(Reader& in);
    void input(Reader& in);
    // Lets go of the keys, buttons and touch points kInput still holds.
    void release_input();
    // Following the objects: what we wrote, and what the server sent.
    void track_outgoing(const uint8_t* p, size_t n);
    void track_request(uint32_t object, uint16_t opcode, const uint8_t* args, size_t len);
    void track_events();
    void add_object(uint32_t id, const wl_interface* iface, uint32_t version);
    void remove_object(uint32_t id);
    void forget_destroyed();
    const Object* find(uint32_t id) const;

    Server& server_;
    SessionReport* report_;
    int sock_ = -1; // the client's end of the socketpair
    wl_client* client_ = nullptr;
    Listener client_gone_;
    Listener resource_created_;
    std::vector<uint32_t> created_; // our ids the server has made resources for (sorted)
    std::vector<int> memfds_;    // every memfd made, in order (kTruncate's index)
    std::vector<int> other_fds_; // pipe ends
    std::vector<int> pending_;   // fds to send with the next write (owned above)
    int budget_ms_;
    std::vector<Object> objects_; // live, in creation order
    uint32_t next_id_ = 2;
    std::vector<Advertised> globals_;
    std::vector<uint8_t> out_partial_, in_partial_; // bytes of a message not complete yet
    std::string latest_string_;                     // of an event (kStringLatest)
    std::vector<uint32_t> keys_held_, buttons_held_; // by kInput
    uint32_t input_time_ms_ = 0;
};

// Runs `data` as one session against a fresh server. Fills `report` if it is
// not null. Aborts if the server fails to notice that the client hung up, or
// is not back in its initial state once it has.
void run_session(const uint8_t* data, size_t size, SessionReport* report = nullptr);

// One server for many inputs.
class PersistentServer {
public:
    // Inputs between two full restarts: state one input leaves behind that
    // check_reset does not see lives at most this long. A restart costs about
    // as much as 20 inputs.
    static constexpr uint64_t kRestartEvery = 2000;

    void run(const uint8_t* data, size_t size);
    Server& server();
    uint64_t runs() const { return runs_; }

private:
    std::unique_ptr<Server> server_;
    uint64_t runs_ = 0;
};

// Records a real client's session with `server` as a fuzz input: each
// request the client makes becomes a kRequest (objects by their index among
// the live ones, serials relative to the latest, fds described by size,
// seals and first byte, a string the server has just sent as "the latest
// string"), with a kDispatch (or a kFrame, if the output drew one) wherever
// the server sent events in between; so the input means the same in a fresh
// server and the fuzzer's long-lived one. It follows the server's protocol
// logger for the first client that makes a request (tests/fuzz/record.cpp
// runs a real client against a server of make_fuzz_server()).
class Recorder {
public:
    explicit Recorder(Server& server);
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    const InputWriter& input() const { return out_; }
    // Past `bytes` of input the recording stops (the fuzzer's -max_len: it
    // cuts longer inputs); full() says it has.
    void set_limit(size_t bytes) { limit_ = bytes; }
    bool full() const { return full_; }
    uint64_t requests() const { return requests_; }
    uint64_t skipped() const { return skipped_; } // requests that could not be said as a kRequest

private:
    struct Object {
        uint32_t id;
        const wl_interface* iface;
        uint32_t version;
    };
    static void log(void* data, int type, const wl_protocol_logger_message* message);
    void request(const wl_protocol_logger_message& m);
    void event(const wl_protocol_logger_message& m);
    void add_object(uint32_t id, const wl_interface* iface, uint32_t version);
    void remove_object(uint32_t id);
    int index_of(uint32_t id, const wl_interface* iface) const; // -1: not live

    Server& server_;
    wl_protocol_logger* logger_ = nullptr;
    wl_client* client_ = nullptr;
    InputWriter out_;
    std::vector<Object> objects_; // as the replaying Session will have them
    std::string latest_string_;
    bool events_since_ = false;
    std::vector<uint32_t> deleted_; // destroyed, and the session has not dispatched since
    uint64_t frames_ = 0;
    uint64_t requests_ = 0, skipped_ = 0;
    size_t limit_ = SIZE_MAX;
    bool full_ = false;
};

} // namespace shoji::fuzz
