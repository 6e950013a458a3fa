// The one door from C++ to wlroots 0.15.
//
// wlroots headers are C-only: they have no `extern "C"` guards and use C99
// `[static N]` array parameters, which g++ rejects. We open the linkage block
// ourselves and define `static` away while they are parsed (docs/design.md, “wlroots 0.15 quirks”).
// Every other file includes this header instead of any <wlr/...> header.
#pragma once

#include <pixman.h>
#include <wayland-server-core.h>
#include <wayland-server-protocol.h>
#include <xkbcommon/xkbcommon.h>

extern "C" {
#define static
#include <wlr/backend.h>
#include <wlr/backend/headless.h>
#include <wlr/backend/wayland.h>
#include <wlr/backend/x11.h>
// For wlr_output_update_custom_mode and wlr_output_send_frame: Output paces
// headless outputs itself (compositor/output/output.cpp).
#include <wlr/interfaces/wlr_output.h>
#include <wlr/render/allocator.h>
#include <wlr/render/pixman.h>
#include <wlr/render/wlr_renderer.h>
#include <wlr/types/wlr_buffer.h>
#include <wlr/types/wlr_input_device.h>
#include <wlr/types/wlr_keyboard.h>
#include <wlr/types/wlr_pointer.h>
#include <wlr/types/wlr_output.h>
#include <wlr/types/wlr_output_damage.h>
#include <wlr/types/wlr_output_layout.h>
#include <wlr/types/wlr_screencopy_v1.h>
#include <wlr/types/wlr_xdg_output_v1.h>
#include <wlr/util/box.h>
#include <wlr/util/log.h>
#undef static
}
