// The control protocol: one JSON object per line each way (docs/testing-clients.md
// has the reference). A request names a command and its arguments:
//
//   {"command": "click", "window": "app-id=foot", "x": 10, "y": 20, "id": 7}
//
// and gets exactly one reply line, in the order requests were sent:
//
//   {"ok": true, "id": 7}                                  (plus results)
//   {"ok": false, "error": "no window app-id=foot", "id": 7}
//
// "id" is optional and echoed as given. Every line is hostile until parsed:
// its length and nesting depth are bounded, unknown commands and fields and
// values of the wrong type or out of range are errors naming them, and
// nothing is done unless the whole request is valid.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "control/controller.hpp"

namespace shoji::control_protocol {

// A request line (without its '\n') longer than this is answered with an
// error and the rest of the line is discarded: the longest valid request,
// `type` with its kMaxTypeBytes of text (each byte at most 6 as a JSON
// escape), fits many times over.
constexpr size_t kMaxRequestBytes = 64 * 1024;
// Arrays and objects nested deeper than this are an error before parsing:
// requests are flat (an object holding strings, numbers and one array of
// strings), so the parser never recurses or allocates for deep garbage.
constexpr int kMaxDepth = 4;
// Longest wait a request may ask for (timeout_ms), and longest quiet period.
constexpr int kMaxTimeoutMs = 3600 * 1000;
constexpr int kMaxQuietMs = 60 * 1000;
constexpr int kDefaultQuietMs = 200;

using Reply = std::function<void(const std::string& line)>; // the line ends in '\n'

// Answers one request line: `reply` is called exactly once, now or (for
// waits) later from the event loop, unless the returned Pending is destroyed
// first. Returns null when the reply was already made.
std::unique_ptr<Controller::Pending> handle_request(Controller& controller, const std::string& line, Reply reply);

// {"ok":false,"error":MESSAGE}\n, for errors outside any request (a line too
// long, a refused peer).
std::string error_line(const std::string& message);

} // namespace shoji::control_protocol
