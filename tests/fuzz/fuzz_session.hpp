// run_session: one fuzz input (fuzz_input.hpp) as one client's whole session
// against a fresh in-process headless Shoji.
//
// The server is made anew for every input so that a session is reproducible:
// global names and serials start from the same values each time (seeds rely on
// the first xdg_surface.configure serial). The client is a raw socket: the
// input's bytes go to it unchanged, with real memfds as SCM_RIGHTS.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace shoji::fuzz {

struct SessionReport {
    std::vector<uint8_t> events; // every byte the server sent the client, in order
    bool dropped = false;        // the server disconnected the client before the input ended
};

// Runs `data` as one session. Fills `report` if it is not null. Aborts if the
// server fails to notice that the client hung up.
void run_session(const uint8_t* data, size_t size, SessionReport* report = nullptr);

} // namespace shoji::fuzz
