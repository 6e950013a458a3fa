// InputDevices: the keyboards and pointers a wlroots backend provides (the
// host's, in the nested Wayland and X11 backends), fed into the Seat.
#pragma once

#include <memory>
#include <vector>

#include "util/listener.hpp"
#include "wlr.hpp"

namespace shoji {

class Seat;
class Stage;

class InputDevices {
public:
    InputDevices(wlr_backend* backend, Seat& seat, Stage& scene);
    ~InputDevices();
    InputDevices(const InputDevices&) = delete;
    InputDevices& operator=(const InputDevices&) = delete;

private:
    struct Device;
    void add(wlr_input_device* device);

    Seat& seat_;
    Stage& scene_;
    std::vector<std::unique_ptr<Device>> devices_;
    Listener new_input_;
};

} // namespace shoji
