// `shoji ctl` command lines, as kCtlUsage documents them: each command and
// its options become one control-protocol request; bad usage is one line
// naming what is wrong (the CLI exits 2 with it).
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/ctl.hpp"
#include "cli/ctl_args.hpp"

namespace shoji {
namespace {

using json = nlohmann::json;

// The request `shoji ctl args...` sends (null on a usage error, with `error`).
json request(const std::vector<std::string>& args, std::string* error = nullptr) {
    std::string e;
    const auto inv = parse_ctl_args(args, "/work/dir", &e);
    if (error) *error = e;
    if (!inv) return json();
    return json::parse(inv->request);
}

std::string usage_error(const std::vector<std::string>& args) {
    std::string e;
    EXPECT_FALSE(parse_ctl_args(args, "/", &e)) << "accepted";
    return e;
}

TEST(CtlArgs, every_command_becomes_its_request) {
    EXPECT_EQ(request({"windows"}), json::parse(R"({"command":"windows"})"));
    EXPECT_EQ(request({"wait", "window", "--app-id", "foot", "--title=~", "--timeout", "2.5"}),
              json::parse(R"({"command":"wait_window","app_id":"foot","title":"~","timeout_ms":2500})"));
    EXPECT_EQ(request({"wait", "idle", "--quiet", "50"}),
              json::parse(R"({"command":"wait_idle","quiet_ms":50,"timeout_ms":30000})"));
    EXPECT_EQ(request({"pointer", "10", "-20.5", "--window", "3"}),
              json::parse(R"({"command":"pointer","x":10.0,"y":-20.5,"window":"3"})"));
    EXPECT_EQ(request({"click", "--window", "app-id=x", "10", "20", "--button", "right", "--count", "2"}),
              json::parse(R"({"command":"click","window":"app-id=x","x":10.0,"y":20.0,"button":"right","count":2})"));
    EXPECT_EQ(request({"click"}), json::parse(R"({"command":"click"})"));
    EXPECT_EQ(request({"pointer", "--relative", "5", "-2.5"}), json::parse(R"({"command":"pointer","dx":5.0,"dy":-2.5})"));
    EXPECT_EQ(request({"scroll", "0", "-15"}), json::parse(R"({"command":"scroll","dx":0.0,"dy":-15.0})"));
    EXPECT_EQ(request({"touch", "down", "0", "10", "20.5", "--window", "3"}),
              json::parse(R"({"command":"touch","phase":"down","id":0,"x":10.0,"y":20.5,"window":"3"})"));
    EXPECT_EQ(request({"touch", "move", "2", "-1", "5"}),
              json::parse(R"({"command":"touch","phase":"move","id":2,"x":-1.0,"y":5.0})"));
    EXPECT_EQ(request({"touch", "up", "2"}), json::parse(R"({"command":"touch","phase":"up","id":2})"));
    EXPECT_EQ(request({"key", "ctrl+s", "Return"}), json::parse(R"({"command":"key","combos":["ctrl+s","Return"]})"));
    EXPECT_EQ(request({"type", "--", "--not an option"}), json::parse(R"({"command":"type","text":"--not an option"})"));
    EXPECT_EQ(request({"focus", "title=a b"}), json::parse(R"({"command":"focus","window":"title=a b"})"));
    EXPECT_EQ(request({"close", "7"}), json::parse(R"({"command":"close","window":"7"})"));
    EXPECT_EQ(request({"screenshot", "out.png"}), json::parse(R"({"command":"screenshot","path":"/work/dir/out.png"})"));
    EXPECT_EQ(request({"screenshot", "/tmp/a.png", "--window", "2"}),
              json::parse(R"({"command":"screenshot","path":"/tmp/a.png","window":"2"})"));
    EXPECT_EQ(request({"quit"}), json::parse(R"({"command":"quit"})"));
    EXPECT_EQ(request({"unlock"}), json::parse(R"({"command":"unlock"})"));
}

TEST(CtlArgs, socket_help_and_output_options) {
    const auto inv = parse_ctl_args({"--socket", "wayland-5", "windows", "--json"}, "/", nullptr);
    ASSERT_TRUE(inv);
    EXPECT_EQ(inv->socket, "wayland-5");
    EXPECT_TRUE(inv->json_output);
    EXPECT_TRUE(parse_ctl_args({"--help"}, "/", nullptr)->help);
    EXPECT_TRUE(parse_ctl_args({"click", "-h"}, "/", nullptr)->help);
    EXPECT_TRUE(parse_ctl_args({"wait", "window"}, "/", nullptr)->prints_window_id);
}

TEST(CtlArgs, waits_time_out_after_30_s_unless_told) {
    EXPECT_EQ(request({"wait", "window"})["timeout_ms"], 30000);
    EXPECT_EQ(request({"wait", "idle", "--timeout", "0.001"})["timeout_ms"], 1);
    const auto inv = parse_ctl_args({"wait", "idle", "--timeout", "5"}, "/", nullptr);
    EXPECT_GT(inv->reply_deadline_ms, 5000); // the compositor answers first
}

TEST(CtlArgs, usage_errors_name_what_is_wrong) {
    EXPECT_EQ(usage_error({}), "no command (see shoji ctl --help)");
    EXPECT_EQ(usage_error({"dance"}), "unknown command 'dance' (see shoji ctl --help)");
    EXPECT_EQ(usage_error({"wait"}), "wait what? 'wait window' or 'wait idle'");
    EXPECT_EQ(usage_error({"--verbose", "windows"}), "unknown option '--verbose' (see shoji ctl --help)");
    EXPECT_EQ(usage_error({"windows", "--jsn"}), "unknown option '--jsn' for windows (see shoji ctl --help)");
    EXPECT_EQ(usage_error({"windows", "--json=yes"}), "option --json takes no value");
    EXPECT_EQ(usage_error({"pointer", "1"}), "wrong number of arguments for pointer (see shoji ctl --help)");
    EXPECT_EQ(usage_error({"click", "1"}), "click takes X and Y, or neither");
    EXPECT_EQ(usage_error({"pointer", "1", "x"}), "invalid value 'x' for y: expected a number");
    EXPECT_EQ(usage_error({"pointer", "1", "nan"}), "invalid value 'nan' for y: expected a number");
    EXPECT_EQ(usage_error({"click", "--button", "4"}), "invalid value '4' for --button: expected left, middle or right");
    EXPECT_EQ(usage_error({"click", "--count", "0"}), "invalid value '0' for --count: expected a number of clicks from 1 to 10");
    EXPECT_EQ(usage_error({"click", "--window"}), "option --window needs a value");
    EXPECT_EQ(usage_error({"focus", "firefox"}),
              "bad window 'firefox': expected an id from 'windows', app-id=ID or title=TEXT");
    EXPECT_EQ(usage_error({"type", "a", "b"}), "type takes one TEXT argument (quote it)");
    EXPECT_EQ(usage_error({"type", "\xff"}), "type: TEXT is not valid UTF-8 (at byte 0)");
    EXPECT_EQ(usage_error({"wait", "idle", "--quiet", "0"}), "invalid value '0' for --quiet: expected milliseconds from 1 to 60000");
    EXPECT_EQ(usage_error({"wait", "idle", "--timeout", "-1"}),
              "invalid value '-1' for --timeout: expected a positive number of seconds, at most 3600");
    EXPECT_EQ(usage_error({"--socket", "a/b", "windows"}),
              "invalid value 'a/b' for --socket: expected a socket name without '/'");
    EXPECT_EQ(usage_error({"key"}), "wrong number of arguments for key (see shoji ctl --help)");
    EXPECT_EQ(usage_error({"pointer", "--relative", "1", "1", "--window", "2"}), "pointer --relative takes no --window");
    EXPECT_EQ(usage_error({"touch", "tap"}), "touch what? 'touch down', 'touch move' or 'touch up'");
    EXPECT_EQ(usage_error({"touch", "down", "-1", "0", "0"}),
              "invalid value '-1' for ID: expected a touch point id from 0 to 2147483647");
    EXPECT_EQ(usage_error({"touch", "up", "1", "0", "0"}), "wrong number of arguments for touch up (see shoji ctl --help)");
    EXPECT_EQ(usage_error({"touch", "up", "1", "--window", "2"}),
              "unknown option '--window' for touch up (see shoji ctl --help)");
}

TEST(CtlArgs, help_lists_every_command) {
    for (const char* command : {"windows [--json]", "wait window", "wait idle", "pointer X Y", "click [X Y]",
                                "scroll DX DY", "pointer --relative DX DY", "touch down ID X Y", "touch move ID X Y", "touch up ID", "key COMBO", "type TEXT", "focus W", "close W",
                                "screenshot PATH", "quit", "Exit status"})
        EXPECT_NE(std::string(kCtlUsage).find(command), std::string::npos) << command;
}

TEST(CtlArgs, gesture_and_activation_token) {
    EXPECT_EQ(request({"gesture", "swipe", "begin", "3"}),
              json::parse(R"({"command":"gesture","kind":"swipe","phase":"begin","fingers":3})"));
    EXPECT_EQ(request({"gesture", "swipe", "update", "4", "-2.5"}),
              json::parse(R"({"command":"gesture","kind":"swipe","phase":"update","dx":4,"dy":-2.5})"));
    EXPECT_EQ(request({"gesture", "pinch", "update", "0", "0", "1.5", "10"}),
              json::parse(R"({"command":"gesture","kind":"pinch","phase":"update","dx":0,"dy":0,"scale":1.5,"rotation":10})"));
    EXPECT_EQ(request({"gesture", "hold", "end", "--cancelled"}),
              json::parse(R"({"command":"gesture","kind":"hold","phase":"cancel"})"));
    EXPECT_EQ(request({"gesture", "pinch", "end"}), json::parse(R"({"command":"gesture","kind":"pinch","phase":"end"})"));
    EXPECT_EQ(request({"activation-token"}), json::parse(R"({"command":"activation_token"})"));
    EXPECT_NE(usage_error({"gesture", "hold", "update", "1", "1"}).find("no update"), std::string::npos);
    EXPECT_NE(usage_error({"gesture", "swipe", "begin", "9"}).find("'9'"), std::string::npos);
    EXPECT_NE(usage_error({"gesture", "rotate", "begin", "2"}).find("'rotate'"), std::string::npos);
    EXPECT_NE(usage_error({"gesture", "swipe", "update", "1"}).find("gesture swipe update"), std::string::npos);
    EXPECT_NE(usage_error({"gesture", "swipe", "begin", "2", "--cancelled"}).find("--cancelled"), std::string::npos);
    EXPECT_NE(std::string(kCtlUsage).find("gesture swipe|pinch|hold begin FINGERS"), std::string::npos);
    EXPECT_NE(std::string(kCtlUsage).find("activation-token"), std::string::npos);
}

TEST(CtlArgs, the_session_is_found_from_socket_then_shoji_ctl_then_wayland_display) {
    std::string error;
    setenv("XDG_RUNTIME_DIR", "/run/user/7", 1);
    setenv("SHOJI_CTL", "/tmp/s/wayland-9.ctl", 1);
    setenv("WAYLAND_DISPLAY", "wayland-1", 1);
    EXPECT_EQ(find_control_socket("wayland-4", &error), "/run/user/7/wayland-4.ctl");
    EXPECT_EQ(find_control_socket("", &error), "/tmp/s/wayland-9.ctl");
    unsetenv("SHOJI_CTL");
    EXPECT_EQ(find_control_socket("", &error), "/run/user/7/wayland-1.ctl");
    setenv("WAYLAND_DISPLAY", "/tmp/x/wayland-2", 1);
    EXPECT_EQ(find_control_socket("", &error), "/tmp/x/wayland-2.ctl");
    unsetenv("WAYLAND_DISPLAY");
    EXPECT_EQ(find_control_socket("", &error), "");
    EXPECT_NE(error.find("SHOJI_CTL"), std::string::npos) << error;
    unsetenv("XDG_RUNTIME_DIR");
}

} // namespace
} // namespace shoji

namespace shoji {
namespace {

TEST(CtlArgs, output_verbs_become_their_requests) {
    EXPECT_EQ(request({"output", "list"}), json::parse(R"({"command":"outputs"})"));
    EXPECT_EQ(request({"output", "add", "640x480@30,scale=2,name=TV,at=-640:0"}),
              json::parse(R"({"command":"output_add","spec":"640x480@30,scale=2,name=TV,at=-640:0"})"));
    EXPECT_EQ(request({"output", "remove", "TV"}), json::parse(R"({"command":"output_remove","name":"TV"})"));
    EXPECT_EQ(request({"output", "set", "TV", "--size", "800x600", "--scale", "2", "--at", "10:-20"}),
              json::parse(R"({"command":"output_set","name":"TV","width":800,"height":600,"scale":2,"x":10,"y":-20})"));
    EXPECT_EQ(request({"output", "set", "TV", "--scale", "1.25"}),
              json::parse(R"({"command":"output_set","name":"TV","scale":1.25})"));
    EXPECT_EQ(request({"output", "set", "TV", "--refresh", "30"}),
              json::parse(R"({"command":"output_set","name":"TV","refresh":30})"));
    EXPECT_EQ(request({"screenshot", "a.png", "--output", "TV"}),
              json::parse(R"({"command":"screenshot","path":"/work/dir/a.png","output":"TV"})"));
}

TEST(CtlArgs, bad_output_verbs_name_what_is_wrong) {
    EXPECT_EQ(usage_error({"output", "plug"}), "invalid value 'plug' for output: expected list, add, remove or set");
    EXPECT_EQ(usage_error({"output", "set", "TV"}), "output set needs --size, --scale, --refresh or --at");
    EXPECT_EQ(usage_error({"output", "set", "TV", "--scale", "8.5"}),
              "--scale scale '8.5': expected a number from 1 to 8 (rounded to the nearest 1/120)");
    EXPECT_EQ(usage_error({"output", "set", "TV", "--at", "3"}),
              "--at position '3': expected X:Y, each from -1048576 to 1048576");
    EXPECT_EQ(usage_error({"output", "add", "10x10,scale=3"}),
              "invalid output spec '10x10,scale=3': size 10x10 is not a multiple of scale 3");
    EXPECT_EQ(usage_error({"output", "remove"}), "output remove takes one argument (see shoji ctl --help)");
    EXPECT_EQ(usage_error({"output", "list", "--size", "1x1"}), "--size, --scale, --refresh and --at go with output set");
}

} // namespace
} // namespace shoji
