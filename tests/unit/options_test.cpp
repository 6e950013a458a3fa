// The command line, as usage() (--help) documents it:
//   shoji [options] [-- command [args...]]
// Every option that takes a value accepts it as the next argument or after
// '='; a bad option or value is reported in one line that names it.
#include <gtest/gtest.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "cli/options.hpp"

namespace shoji {
namespace {

struct Parsed {
    std::optional<Options> options;
    std::string error;
};

// Parses `shoji args...`.
Parsed parse(std::initializer_list<const char*> args) {
    std::vector<const char*> argv{"shoji"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back(nullptr); // like a real argv
    Parsed p;
    p.options = parse_options(int(argv.size() - 1), argv.data(), &p.error);
    return p;
}

// Parses the same option both as `--opt value` and as `--opt=value`.
std::vector<Parsed> parse_both_forms(const std::string& option, const std::string& value) {
    const std::string joined = option + "=" + value;
    return {parse({option.c_str(), value.c_str()}), parse({joined.c_str()})};
}

// ---------------------------------------------------------------- defaults

TEST(Options, defaults_are_headless_1280x720_scale_1_60_hz) {
    const Parsed p = parse({});
    ASSERT_TRUE(p.options) << p.error;
    const Options& o = *p.options;
    EXPECT_EQ(o.server.backend, Backend::Headless);
    EXPECT_EQ(o.server.output.width, 1280);
    EXPECT_EQ(o.server.output.height, 720);
    EXPECT_EQ(o.server.output.scale120, 1 * kScaleUnit);
    EXPECT_EQ(o.server.output.refresh_hz, 60);
    EXPECT_EQ(o.socket, "");
    EXPECT_EQ(o.screenshot, "");
    EXPECT_FALSE(o.timeout);
    EXPECT_FALSE(o.until_idle_ms);
    EXPECT_FALSE(o.allow_empty);
    EXPECT_FALSE(o.ready_fd);
    EXPECT_FALSE(o.verbose);
    EXPECT_FALSE(o.help);
    EXPECT_FALSE(o.version);
    EXPECT_TRUE(o.command.empty());
}

// ---------------------------------------------------------------- each option

TEST(Options, backend_accepts_each_documented_value_in_both_forms) {
    const std::pair<const char*, Backend> cases[] = {
        {"headless", Backend::Headless},
        {"wayland", Backend::Wayland},
        {"x11", Backend::X11},
        {"auto", Backend::Auto},
    };
    for (const auto& [value, backend] : cases)
        for (const Parsed& p : parse_both_forms("--backend", value)) {
            ASSERT_TRUE(p.options) << value << ": " << p.error;
            EXPECT_EQ(p.options->server.backend, backend) << value;
        }
}

TEST(Options, size_in_both_forms) {
    for (const Parsed& p : parse_both_forms("--size", "800x600")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->server.output.width, 800);
        EXPECT_EQ(p.options->server.output.height, 600);
        EXPECT_EQ(p.options->server.output.scale120, 1 * kScaleUnit); // untouched
    }
}

TEST(Options, size_accepts_1_to_16384_on_each_axis) {
    for (const char* value : {"1x1", "16384x16384", "1x16384", "16384x1"}) {
        const Parsed p = parse({"--size", value});
        ASSERT_TRUE(p.options) << value << ": " << p.error;
    }
    const Parsed p = parse({"--size=16384x1"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_EQ(p.options->server.output.width, 16384);
    EXPECT_EQ(p.options->server.output.height, 1);
}

TEST(Options, scale_1_to_8_in_both_forms) {
    for (int s = 1; s <= 8; ++s) {
        const std::string value = std::to_string(s);
        // 1680×840 is a multiple of every scale from 1 to 8.
        const std::string joined = "--scale=" + value;
        for (const Parsed& p : {parse({"--size", "1680x840", "--scale", value.c_str()}),
                                parse({"--size=1680x840", joined.c_str()})}) {
            ASSERT_TRUE(p.options) << "scale " << s << ": " << p.error;
            EXPECT_EQ(p.options->server.output.scale120, s * kScaleUnit);
            EXPECT_EQ(p.options->server.output.width, 1680);
        }
    }
}

TEST(Options, scale_2_with_the_default_size) {
    for (const Parsed& p : parse_both_forms("--scale", "2")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->server.output.scale120, 2 * kScaleUnit);
        EXPECT_EQ(p.options->server.output.width, 1280);
        EXPECT_EQ(p.options->server.output.height, 720);
    }
}

TEST(Options, refresh_1_to_1000_in_both_forms) {
    for (const char* value : {"1", "75", "1000"})
        for (const Parsed& p : parse_both_forms("--refresh", value)) {
            ASSERT_TRUE(p.options) << value << ": " << p.error;
            EXPECT_EQ(p.options->server.output.refresh_hz, std::stoi(value));
        }
}

TEST(Options, socket_in_both_forms) {
    for (const Parsed& p : parse_both_forms("--socket", "shoji-test-1")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->socket, "shoji-test-1");
    }
}

TEST(Options, screenshot_in_both_forms) {
    for (const Parsed& p : parse_both_forms("--screenshot", "/tmp/out dir/shot.png")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->screenshot, "/tmp/out dir/shot.png");
    }
}

TEST(Options, events_in_both_forms) {
    for (const Parsed& p : parse_both_forms("--events", "/tmp/ci/events.jsonl")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->events, "/tmp/ci/events.jsonl");
    }
    EXPECT_FALSE(parse({"--events="}).options);
    EXPECT_EQ(parse({}).options->events, "");
}

TEST(Options, damage_frames_in_both_forms) {
    for (const Parsed& p : parse_both_forms("--damage-frames", "/tmp/ci/frames")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->damage_frames, "/tmp/ci/frames");
    }
    EXPECT_FALSE(parse({"--damage-frames="}).options);
    EXPECT_EQ(parse({}).options->damage_frames, "");
}

TEST(Options, trace_to_stderr_or_a_file) {
    EXPECT_FALSE(parse({}).options->trace);
    const Parsed bare = parse({"--trace", "--", "true"});
    ASSERT_TRUE(bare.options) << bare.error;
    EXPECT_EQ(bare.options->trace, std::string());
    EXPECT_EQ(bare.options->command, std::vector<std::string>{"true"});
    EXPECT_EQ(parse({"--trace=/tmp/t.txt"}).options->trace, std::string("/tmp/t.txt"));
    EXPECT_FALSE(parse({"--trace="}).options);
}

TEST(Options, screenshot_path_may_contain_an_equals_sign) {
    // Only the first '=' separates the option from its value.
    const Parsed p = parse({"--screenshot=a=b.png"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_EQ(p.options->screenshot, "a=b.png");
}

TEST(Options, timeout_in_both_forms) {
    for (const Parsed& p : parse_both_forms("--timeout", "2.5")) {
        ASSERT_TRUE(p.options) << p.error;
        ASSERT_TRUE(p.options->timeout);
        EXPECT_DOUBLE_EQ(*p.options->timeout, 2.5);
    }
    for (const Parsed& p : parse_both_forms("--timeout", "30")) {
        ASSERT_TRUE(p.options) << p.error;
        ASSERT_TRUE(p.options->timeout);
        EXPECT_DOUBLE_EQ(*p.options->timeout, 30.0);
    }
}

TEST(Options, until_idle_defaults_to_250_ms) {
    const Parsed p = parse({"--until", "idle"});
    ASSERT_TRUE(p.options) << p.error;
    ASSERT_TRUE(p.options->until_idle_ms);
    EXPECT_EQ(*p.options->until_idle_ms, 250u);
    const Parsed q = parse({"--until=idle"});
    ASSERT_TRUE(q.options) << q.error;
    EXPECT_EQ(q.options->until_idle_ms, std::optional<uint32_t>(250));
}

TEST(Options, until_idle_with_ms_in_both_forms) {
    for (const Parsed& p : parse_both_forms("--until", "idle=1000")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->until_idle_ms, std::optional<uint32_t>(1000));
    }
    for (const char* v : {"idle=1", "idle=600000"}) {
        const Parsed p = parse({"--until", v});
        ASSERT_TRUE(p.options) << v << ": " << p.error;
    }
}

TEST(Options, allow_empty) {
    const Parsed p = parse({"--allow-empty", "--screenshot", "a.png"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_TRUE(p.options->allow_empty);
}

TEST(Options, ready_fd_in_both_forms) {
    for (const Parsed& p : parse_both_forms("--ready-fd", "3")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->ready_fd, std::optional<int>(3));
    }
}

TEST(Options, verbose_short_and_long) {
    for (const char* flag : {"-v", "--verbose"}) {
        const Parsed p = parse({flag});
        ASSERT_TRUE(p.options) << flag << ": " << p.error;
        EXPECT_TRUE(p.options->verbose) << flag;
        EXPECT_FALSE(p.options->help) << flag;
    }
}

TEST(Options, help_short_and_long) {
    for (const char* flag : {"-h", "--help"}) {
        const Parsed p = parse({flag});
        ASSERT_TRUE(p.options) << flag << ": " << p.error;
        EXPECT_TRUE(p.options->help) << flag;
        EXPECT_FALSE(p.options->version) << flag;
    }
}

TEST(Options, version) {
    const Parsed p = parse({"--version"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_TRUE(p.options->version);
    EXPECT_FALSE(p.options->help);
}

TEST(Options, all_options_together_in_mixed_forms) {
    const Parsed p = parse({"--backend=x11", "--size", "640x480", "--scale=2", "--refresh", "144",
                            "--socket=wl-9", "--screenshot", "s.png", "--timeout=0.5", "-v"});
    ASSERT_TRUE(p.options) << p.error;
    const Options& o = *p.options;
    EXPECT_EQ(o.server.backend, Backend::X11);
    EXPECT_EQ(o.server.output.width, 640);
    EXPECT_EQ(o.server.output.height, 480);
    EXPECT_EQ(o.server.output.scale120, 2 * kScaleUnit);
    EXPECT_EQ(o.server.output.refresh_hz, 144);
    EXPECT_EQ(o.socket, "wl-9");
    EXPECT_EQ(o.screenshot, "s.png");
    ASSERT_TRUE(o.timeout);
    EXPECT_DOUBLE_EQ(*o.timeout, 0.5);
    EXPECT_TRUE(o.verbose);
    EXPECT_TRUE(o.command.empty());
}

// ---------------------------------------------------------------- -- command

TEST(Options, double_dash_starts_the_command_and_its_args) {
    const Parsed p = parse({"--scale", "2", "--", "weston-simple-shm", "-f", "arg two"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_EQ(p.options->server.output.scale120, 2 * kScaleUnit);
    EXPECT_EQ(p.options->command,
              (std::vector<std::string>{"weston-simple-shm", "-f", "arg two"}));
}

TEST(Options, options_after_double_dash_belong_to_the_command) {
    const Parsed p = parse({"--", "client", "--size", "bogus", "-v", "--scale=99", "--help",
                            "--unknown", "--", "x"});
    ASSERT_TRUE(p.options) << p.error;
    const Options& o = *p.options;
    EXPECT_EQ(o.command, (std::vector<std::string>{"client", "--size", "bogus", "-v", "--scale=99",
                                                   "--help", "--unknown", "--", "x"}));
    // None of them applied to Shoji.
    EXPECT_EQ(o.server.output.width, 1280);
    EXPECT_EQ(o.server.output.scale120, 1 * kScaleUnit);
    EXPECT_FALSE(o.verbose);
    EXPECT_FALSE(o.help);
}

TEST(Options, a_command_that_is_only_a_name) {
    const Parsed p = parse({"--", "true"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_EQ(p.options->command, (std::vector<std::string>{"true"}));
}

TEST(Options, double_dash_without_a_command_is_an_error) {
    const Parsed p = parse({"-v", "--"});
    EXPECT_FALSE(p.options);
    EXPECT_NE(p.error.find("--"), std::string::npos) << p.error;
    EXPECT_NE(p.error.find("command"), std::string::npos) << p.error;
}

TEST(Options, double_dash_right_after_a_flag_starts_the_command) {
    const Parsed p = parse({"-v", "--", "--socket", "x"});
    ASSERT_TRUE(p.options) << p.error;
    EXPECT_TRUE(p.options->verbose);
    EXPECT_EQ(p.options->socket, "");
    EXPECT_EQ(p.options->command, (std::vector<std::string>{"--socket", "x"}));
}

// ---------------------------------------------------------------- errors

// The parse fails, and its one-line error contains each of `needles`.
void expect_error(const Parsed& p, std::initializer_list<std::string> needles,
                  const std::string& what) {
    EXPECT_FALSE(p.options) << what << " was accepted";
    EXPECT_FALSE(p.error.empty()) << what;
    EXPECT_EQ(p.error.find('\n'), std::string::npos) << what << ": " << p.error;
    for (const std::string& n : needles)
        EXPECT_NE(p.error.find(n), std::string::npos)
            << what << ": error \"" << p.error << "\" does not name \"" << n << "\"";
}

void expect_bad_value(const std::string& option, const std::string& value) {
    const std::string what = option + " '" + value + "'";
    for (const Parsed& p : parse_both_forms(option, value)) {
        // An empty value cannot be searched for; the option name can.
        if (value.empty())
            expect_error(p, {option}, what);
        else
            expect_error(p, {option, value}, what);
    }
}

TEST(Options, bad_backend_is_an_error_naming_it) {
    for (const char* v : {"", "drm", "Headless", "x11 ", "headless,wayland"})
        expect_bad_value("--backend", v);
}

TEST(Options, bad_size_is_an_error_naming_it) {
    for (const char* v : {"", "1280", "1280x", "x720", "0x720", "1280x0", "16385x720", "1280x16385",
                          "-1280x720", "1280x-720", "1280x720x2", "1280X720", "1280*720", "axb",
                          "1280.5x720", "99999999999999999999x1"})
        expect_bad_value("--size", v);
}

TEST(Options, bad_scale_is_an_error_naming_it) {
    for (const char* v : {"", "0", "9", "-1", "0.5", "8.01", "1e0", "inf", "nan", "1,5", "1..5", ".", "two", "2x",
                          "99999999999999999999"})
        expect_bad_value("--scale", v);
}

TEST(Options, fractional_scale_in_120ths_rounded_to_the_nearest) {
    // 1000x800 divides by each of them to whole logical pixels.
    for (const auto& [text, scale120] : std::vector<std::pair<const char*, int32_t>>{
             {"1.25", 150}, {"1.5", 180}, {"1.0", 120}, {"1.", 120}, {"2.000", 240}, {"1.3333", 160}}) {
        const Parsed p = parse({"--size", "1200x960", "--scale", text});
        ASSERT_TRUE(p.options) << text << ": " << p.error;
        EXPECT_EQ(p.options->server.output.scale120, scale120) << text;
    }
}

TEST(Options, fractional_scale_needs_a_size_of_whole_logical_pixels) {
    expect_error(parse({"--size", "1001x800", "--scale", "1.25"}), {"--size", "1001x800", "--scale", "1.25", "800.80x640.00"},
                 "1001x800 at scale 1.25");
}

TEST(Options, bad_refresh_is_an_error_naming_it) {
    for (const char* v : {"", "0", "1001", "-60", "60hz", "59.94", "4294967356"})
        expect_bad_value("--refresh", v);
}

TEST(Options, bad_socket_is_an_error_naming_it) {
    for (const char* v : {"", "a/b", "/run/user/1000/wayland-0"}) expect_bad_value("--socket", v);
}

TEST(Options, empty_screenshot_path_is_an_error) {
    expect_bad_value("--screenshot", "");
}

TEST(Options, bad_timeout_is_an_error_naming_it) {
    for (const char* v : {"", "0", "-1", "-0.5", "nan", "inf", "abc", "1s", "1e7", "1e400"})
        expect_bad_value("--timeout", v);
}

TEST(Options, bad_until_is_an_error_naming_it) {
    for (const char* v : {"", "idle=", "idle=0", "idle=-5", "idle=600001", "idle=1.5", "idle=abc", "Idle",
                          "exit", "idle:100", "idle=100ms", "100"})
        expect_bad_value("--until", v);
}

TEST(Options, bad_ready_fd_is_an_error_naming_it) {
    // 0 to 2 are stdin, stdout and stderr: Shoji closes the fd once written.
    for (const char* v : {"", "0", "1", "2", "-3", "x", "3.0", "99999999999"}) expect_bad_value("--ready-fd", v);
}

TEST(Options, missing_value_is_an_error_naming_the_option) {
    for (const char* option : {"--backend", "--size", "--scale", "--refresh", "--socket",
                               "--screenshot", "--timeout", "--until", "--ready-fd"}) {
        expect_error(parse({option}), {option}, option);
        expect_error(parse({"-v", option}), {option}, std::string("-v ") + option);
    }
}

TEST(Options, unknown_option_is_an_error_naming_it) {
    expect_error(parse({"--frobnicate"}), {"--frobnicate"}, "--frobnicate");
    expect_error(parse({"--frobnicate=3"}), {"--frobnicate"}, "--frobnicate=3");
    expect_error(parse({"-x"}), {"-x"}, "-x");
    expect_error(parse({"--Size", "10x10"}), {"--Size"}, "--Size");
    expect_error(parse({"weston-terminal"}), {"weston-terminal"}, "a command without --");
}

TEST(Options, size_not_a_multiple_of_scale_is_an_error_naming_both) {
    expect_error(parse({"--size", "1001x720", "--scale", "2"}), {"--size", "1001x720", "--scale"},
                 "1001x720 at scale 2");
    // Independent of the order of the options.
    expect_error(parse({"--scale=2", "--size=1280x721"}), {"--size", "1280x721", "--scale"},
                 "1280x721 at scale 2");
    expect_error(parse({"--size=1280x720", "--scale=7"}), {"--size", "--scale", "7"},
                 "1280x720 at scale 7");
}

TEST(Options, flags_reject_an_inline_value) {
    // -v/--verbose, -h/--help and --version take no value; `--verbose=no`
    // must not silently mean "verbose".
    for (const char* arg : {"--verbose=no", "--verbose=0", "--help=me", "--version=2", "--allow-empty=yes"}) {
        const Parsed p = parse({arg});
        const std::string option = std::string(arg).substr(0, std::string(arg).find('='));
        expect_error(p, {option}, arg);
    }
}

} // namespace
} // namespace shoji

namespace shoji {
namespace {

TEST(Options, decorations_client_by_default_or_as_given) {
    EXPECT_EQ(parse({}).options->server.decorations, DecorationMode::Client);
    for (const Parsed& p : parse_both_forms("--decorations", "server")) {
        ASSERT_TRUE(p.options) << p.error;
        EXPECT_EQ(p.options->server.decorations, DecorationMode::Server);
    }
    EXPECT_EQ(parse({"--decorations", "client"}).options->server.decorations, DecorationMode::Client);
    const Parsed bad = parse({"--decorations", "none"});
    EXPECT_FALSE(bad.options);
    EXPECT_NE(bad.error.find("'none'"), std::string::npos) << bad.error;
    EXPECT_NE(bad.error.find("--decorations"), std::string::npos) << bad.error;
}

} // namespace
} // namespace shoji
