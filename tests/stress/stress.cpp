// shoji-stress: hostile shm clients must not hurt the compositor or anyone else.
//
// Starts the real shoji executable, then runs, side by side, N well-behaved
// clients that animate a small square frame by frame, and M hostile clients
// that keep doing what docs/design.md, “The shm holes”, says libwayland 1.21 alone does not
// survive (truncated pools, strides in pixels, sealed pools grown past their
// file, buffers destroyed while shown) plus abrupt disconnections.
//
// It passes when the compositor is still alive and exits 0 on SIGTERM, every
// well-behaved client kept getting frame callbacks and never saw an error,
// every hostile client got the answer docs/design.md, “Protocol errors for bad input”, expects, and the
// compositor's fds and memory came back to their level after a warm-up once
// everyone left. See README in this directory.
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "common.hpp"
#include "compositor_process.hpp"
#include "good_client.hpp"
#include "hostile_client.hpp"

namespace stress {
namespace {

// Limits of the verdict (see the README for why these numbers).
constexpr double kMaxFrameGapMs = 2000;    // no frame callback for this long: a stall
constexpr double kMinShareOfMedian = 0.10; // fewer frames than this × median: starved
constexpr int kMaxFdGrowth = 8;            // end vs after warm-up
constexpr long kMaxRssGrowthKib = 16 * 1024;
constexpr int kSettleMs = 500;             // time the compositor gets to release clients
constexpr int kStartTimeoutMs = 10000;
constexpr int kTerminateTimeoutMs = 5000;
constexpr int kWarmUpMinSeconds = 1;
constexpr int kWarmUpMaxSeconds = 60;

constexpr const char* kUsage =
    "Usage: shoji-stress [--seconds S] [--good N] [--hostile M] [--kinds abcdefghijklm]\n"
    "                    [--no-rss-check] [SHOJI]\n"
    "\n"
    "Runs the shoji compositor (SHOJI, else $SHOJI) with N well-behaved and M hostile\n"
    "shm clients for S seconds (defaults: 30 s, 64, 8), prints a report and exits\n"
    "non-zero if the compositor or a well-behaved client was hurt.\n"
    "\n"
    "--kinds LETTERS  only these misbehaviours (default abcdefghijklm; the report lists them)\n"
    "--no-rss-check   do not judge the compositor's memory by its RSS (for a compositor\n"
    "                 built with AddressSanitizer, whose quarantine keeps freed memory;\n"
    "                 LeakSanitizer's verdict shows up in its exit status instead)\n";

struct Options {
    int seconds = 30;
    int good = 64;
    int hostile = 8;
    bool check_rss = true;
    std::vector<Misbehaviour> kinds;
    std::string shoji;
};

bool parse_count(const char* text, int min, int* out) {
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (!*text || *end || value < min || value > 100000) return false;
    *out = int(value);
    return true;
}

bool parse_kinds(const char* letters, std::vector<Misbehaviour>* kinds) {
    kinds->clear();
    for (const char* p = letters; *p; ++p) {
        if (*p < 'a' || *p >= 'a' + kMisbehaviours) return false;
        kinds->push_back(Misbehaviour(*p - 'a'));
    }
    return !kinds->empty();
}

std::optional<Options> parse_options(int argc, char** argv) {
    Options o;
    parse_kinds("abcdefghijklm", &o.kinds);
    if (const char* env = std::getenv("SHOJI")) o.shoji = env;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        int* target = arg == "--seconds" ? &o.seconds
                      : arg == "--good"  ? &o.good
                      : arg == "--hostile" ? &o.hostile
                                           : nullptr;
        if (target) {
            const int min = target == &o.seconds ? 1 : 0;
            if (i + 1 >= argc || !parse_count(argv[++i], min, target)) {
                std::fprintf(stderr, "shoji-stress: %s needs a number (at least %d)\n", arg.c_str(), min);
                return std::nullopt;
            }
        } else if (arg == "--kinds" && i + 1 < argc) {
            if (!parse_kinds(argv[++i], &o.kinds)) {
                std::fprintf(stderr, "shoji-stress: --kinds takes letters from a to m\n");
                return std::nullopt;
            }
        } else if (arg == "--no-rss-check") {
            o.check_rss = false;
        } else if (arg == "-h" || arg == "--help") {
            std::fputs(kUsage, stdout);
            std::exit(0);
        } else if (!arg.empty() && arg[0] != '-') {
            o.shoji = arg;
        } else {
            std::fprintf(stderr, "shoji-stress: unknown option %s\n%s", arg.c_str(), kUsage);
            return std::nullopt;
        }
    }
    if (o.shoji.empty()) {
        std::fprintf(stderr, "shoji-stress: where is shoji? Pass its path or set SHOJI.\n");
        return std::nullopt;
    }
    return o;
}

// A private directory for the compositor's log and, when the environment has
// none, for its socket (as XDG_RUNTIME_DIR). Removed at the end unless the
// run failed, so that the log can be read.
class WorkDir {
public:
    WorkDir() {
        char tmpl[] = "/tmp/shoji-stress-XXXXXX";
        if (mkdtemp(tmpl)) path_ = tmpl;
        const char* runtime = std::getenv("XDG_RUNTIME_DIR");
        if (!path_.empty() && (!runtime || !*runtime)) setenv("XDG_RUNTIME_DIR", path_.c_str(), 1);
    }
    ~WorkDir() {
        std::error_code ec;
        if (!keep_ && !path_.empty()) std::filesystem::remove_all(path_, ec);
    }
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;

    bool ok() const { return !path_.empty(); }
    std::string log_path() const { return path_ + "/shoji.log"; }
    void keep() { keep_ = true; }

private:
    std::string path_;
    bool keep_ = false;
};

struct PhaseResult {
    double seconds = 0;
    std::vector<GoodStats> good;
    HostileStats hostile;
    bool compositor_died = false;
    Usage peak; // the largest RSS and fd count seen, sampled every 50 ms
};

// Runs the clients side by side while watching the compositor. The warm-up
// runs each hostile client through every misbehaviour once; the main phase
// loops until `seconds` have passed.
PhaseResult run_phase(CompositorProcess& compositor, const std::string& socket, const Options& o,
                      bool warm_up) {
    const auto start = Clock::now();
    const auto min_end = start + std::chrono::seconds(warm_up ? kWarmUpMinSeconds : o.seconds);
    const auto max_end = start + std::chrono::seconds(warm_up ? kWarmUpMaxSeconds : o.seconds);

    GoodClientGroup good(socket, o.good);
    std::vector<std::unique_ptr<HostileClient>> hostile;
    for (int i = 0; i < o.hostile; ++i) hostile.push_back(std::make_unique<HostileClient>(socket, i, o.kinds, warm_up));

    PhaseResult result;
    for (;;) {
        const auto now = Clock::now();
        const bool hostile_done = std::all_of(hostile.begin(), hostile.end(),
                                              [](const auto& h) { return h->finished(); });
        if (now >= max_end || (now >= min_end && (!warm_up || hostile_done))) break;
        if (!compositor.running()) {
            result.compositor_died = true;
            break;
        }
        if (const auto u = read_usage(compositor.pid())) {
            result.peak.rss_kib = std::max(result.peak.rss_kib, u->rss_kib);
            result.peak.fds = std::max(result.peak.fds, u->fds);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    result.seconds = ms_between(start, Clock::now()) / 1000;
    for (auto& h : hostile) result.hostile.merge(h->stop());
    result.good = good.stop();
    if (!compositor.running()) result.compositor_died = true;
    return result;
}

std::optional<Usage> settle_and_measure(pid_t pid) {
    std::this_thread::sleep_for(std::chrono::milliseconds(kSettleMs));
    return read_usage(pid);
}

// ---- The report ----------------------------------------------------------

struct FrameSummary {
    uint64_t min = 0, median = 0, max = 0;
    double longest_gap_ms = 0;
};

FrameSummary summarize(const std::vector<GoodStats>& good) {
    FrameSummary s;
    if (good.empty()) return s;
    std::vector<uint64_t> frames;
    for (const GoodStats& g : good) {
        frames.push_back(g.frames);
        s.longest_gap_ms = std::max(s.longest_gap_ms, g.longest_gap_ms);
    }
    std::sort(frames.begin(), frames.end());
    s.min = frames.front();
    s.max = frames.back();
    s.median = frames[frames.size() / 2];
    return s;
}

void print_good(const PhaseResult& main_phase) {
    const FrameSummary s = summarize(main_phase.good);
    const auto errors = std::count_if(main_phase.good.begin(), main_phase.good.end(),
                                      [](const GoodStats& g) { return !g.error.empty(); });
    std::printf("Well-behaved clients: %zu for %.1f s (64x64 XRGB8888, 2 buffers, one commit per frame callback)\n",
                main_phase.good.size(), main_phase.seconds);
    std::printf("  frame callbacks per client: min %llu / median %llu / max %llu"
                "  (median %.0f per second; output at 240 Hz)\n",
                (unsigned long long)s.min, (unsigned long long)s.median, (unsigned long long)s.max,
                main_phase.seconds > 0 ? double(s.median) / main_phase.seconds : 0.0);
    std::printf("  longest wait for a frame callback: %.0f ms (limit %.0f ms)\n", s.longest_gap_ms,
                kMaxFrameGapMs);
    std::printf("  protocol errors or disconnections: %td\n", errors);
}

void print_hostile(const HostileStats& stats, int clients) {
    int runs = 0;
    for (const auto& k : stats.kinds) runs += k.runs;
    std::printf("Hostile clients: %d, %d misbehaviours, a new connection for each\n", clients, runs);
    for (int i = 0; i < kMisbehaviours; ++i) {
        const auto kind = Misbehaviour(i);
        const auto& k = stats.kinds[size_t(i)];
        if (k.runs == 0) {
            std::printf("  %-72s   not run\n", describe(kind));
            continue;
        }
        std::printf("  %-72s %6d runs\n", describe(kind), k.runs);
        std::printf("      expected: %s\n", expected_outcomes(kind));
        for (const auto& [outcome, count] : k.outcomes) {
            std::printf("    %6d  %s%s\n", count.count, outcome.c_str(),
                        is_expected(kind, outcome) ? "" : "   <-- UNEXPECTED");
            if (!count.example.empty()) std::printf("            e.g. \"%s\"\n", count.example.c_str());
        }
    }
}

std::string mib(long kib) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", double(kib) / 1024);
    return text;
}

void print_usage_row(const char* when, const std::optional<Usage>& u) {
    if (u) std::printf("  %-15s %12s %6d\n", when, mib(u->rss_kib).c_str(), u->fds);
    else std::printf("  %-15s %12s %6s\n", when, "?", "?");
}

void print_compositor(const std::optional<Usage>& baseline, const std::optional<Usage>& warm,
                      const Usage& peak, const std::optional<Usage>& end, bool check_rss,
                      const CompositorProcess& compositor) {
    std::printf("Compositor (pid %d)          RSS    fds\n", int(compositor.pid()));
    print_usage_row("baseline", baseline);
    print_usage_row("after warm-up", warm);
    print_usage_row("peak in the run", peak);
    print_usage_row("end", end);
    if (warm && end) {
        char rss_limit[48] = "not checked: --no-rss-check";
        if (check_rss) std::snprintf(rss_limit, sizeof rss_limit, "limit +%ld MiB", kMaxRssGrowthKib / 1024);
        std::printf("  end - warm-up:  %+.1f MiB (%s), %+d fds (limit +%d)\n",
                    double(end->rss_kib - warm->rss_kib) / 1024, rss_limit, end->fds - warm->fds,
                    kMaxFdGrowth);
    }
    std::printf("  after SIGTERM: %s\n", compositor.describe_exit().c_str());
}

// ---- The verdict ---------------------------------------------------------

void check_good(const char* phase, const PhaseResult& r, bool check_counts, std::vector<std::string>* why) {
    const FrameSummary s = summarize(r.good);
    for (size_t i = 0; i < r.good.size(); ++i) {
        const GoodStats& g = r.good[i];
        char text[512];
        if (!g.error.empty()) {
            std::snprintf(text, sizeof text, "%s: well-behaved client %zu got %s%s%s", phase, i,
                          g.error.c_str(), g.message.empty() ? "" : ": ", g.message.c_str());
            why->push_back(text);
        }
        if (g.longest_gap_ms > kMaxFrameGapMs) {
            std::snprintf(text, sizeof text, "%s: well-behaved client %zu waited %.0f ms for a frame callback",
                          phase, i, g.longest_gap_ms);
            why->push_back(text);
        }
        if (check_counts && double(g.frames) < kMinShareOfMedian * double(s.median)) {
            std::snprintf(text, sizeof text, "%s: well-behaved client %zu got only %llu frame callbacks (median %llu)",
                          phase, i, (unsigned long long)g.frames, (unsigned long long)s.median);
            why->push_back(text);
        }
    }
    if (check_counts && !r.good.empty() && s.median == 0)
        why->push_back(std::string(phase) + ": well-behaved clients got no frame callbacks at all");
}

void check_hostile(const char* phase, const HostileStats& stats, std::vector<std::string>* why) {
    for (int i = 0; i < kMisbehaviours; ++i)
        for (const auto& [outcome, count] : stats.kinds[size_t(i)].outcomes)
            if (!is_expected(Misbehaviour(i), outcome))
                why->push_back(std::string(phase) + ": " + std::to_string(count.count) + " run(s) of " +
                               describe(Misbehaviour(i)) + " ended with \"" + outcome + "\"");
}

void check_usage(const std::optional<Usage>& warm, const std::optional<Usage>& end, bool check_rss,
                 std::vector<std::string>* why) {
    if (!warm || !end) {
        why->push_back("could not read the compositor's /proc/PID/status or /proc/PID/fd");
        return;
    }
    if (end->fds > warm->fds + kMaxFdGrowth)
        why->push_back("the compositor holds " + std::to_string(end->fds - warm->fds) +
                       " more fds than after the warm-up, with every client gone");
    if (check_rss && end->rss_kib > warm->rss_kib + kMaxRssGrowthKib)
        why->push_back("the compositor's RSS grew by " + mib(end->rss_kib - warm->rss_kib) +
                       " since the warm-up, with every client gone");
}

void print_log_tail(const std::string& path) {
    std::ifstream log(path);
    std::vector<std::string> lines;
    for (std::string line; std::getline(log, line);) lines.push_back(line);
    if (lines.empty()) {
        std::printf("Compositor log %s: empty\n", path.c_str());
        return;
    }
    const size_t from = lines.size() > 40 ? lines.size() - 40 : 0;
    std::printf("Compositor log %s (last %zu of %zu lines):\n", path.c_str(), lines.size() - from, lines.size());
    for (size_t i = from; i < lines.size(); ++i) std::printf("  | %s\n", lines[i].c_str());
}

// Everything measured in one invocation.
struct Measurements {
    bool started = false;
    std::optional<Usage> baseline, warm, end;
    PhaseResult warm_up, main_phase;
    bool died() const { return warm_up.compositor_died || main_phase.compositor_died; }
};

Measurements run_phases(CompositorProcess& compositor, const std::string& socket, const Options& o) {
    Measurements m;
    m.started = compositor.wait_until_accepting(socket, kStartTimeoutMs);
    if (!m.started) return m;
    m.baseline = settle_and_measure(compositor.pid());
    m.warm_up = run_phase(compositor, socket, o, /*warm_up=*/true);
    if (m.warm_up.compositor_died) return m;
    m.warm = settle_and_measure(compositor.pid());
    m.main_phase = run_phase(compositor, socket, o, /*warm_up=*/false);
    if (m.main_phase.compositor_died) return m;
    m.end = settle_and_measure(compositor.pid());
    return m;
}

// Stops the compositor and lists every reason to fail (none: PASS).
std::vector<std::string> judge(const Measurements& m, CompositorProcess& compositor, const Options& o) {
    std::vector<std::string> why;
    if (!m.started) {
        why.push_back(compositor.running() ? "the compositor did not accept connections within 10 s"
                                           : "the compositor did not start: it " + compositor.describe_exit());
        return why;
    }
    if (m.died()) {
        // Every client's trouble follows from that: nothing else to judge.
        why.push_back(std::string("the compositor died during the ") +
                      (m.warm_up.compositor_died ? "warm-up" : "run") + ": " + compositor.describe_exit());
        return why;
    }
    if (!compositor.terminate(kTerminateTimeoutMs))
        why.push_back("the compositor did not exit within 5 s of SIGTERM (killed)");
    else if (!WIFEXITED(compositor.exit_status()) || WEXITSTATUS(compositor.exit_status()) != 0)
        why.push_back("after SIGTERM the compositor " + compositor.describe_exit() + " (expected status 0)");
    check_usage(m.warm, m.end, o.check_rss, &why);
    check_good("warm-up", m.warm_up, /*check_counts=*/false, &why);
    check_good("run", m.main_phase, /*check_counts=*/true, &why);
    check_hostile("warm-up", m.warm_up.hostile, &why);
    check_hostile("run", m.main_phase.hostile, &why);
    return why;
}

int run(const Options& o) {
    capture_client_log();
    WorkDir work;
    if (!work.ok()) {
        std::fprintf(stderr, "shoji-stress: cannot make a directory in /tmp: %s\n", std::strerror(errno));
        return 1;
    }
    const std::string socket = "shoji-stress-" + std::to_string(getpid());
    const std::vector<std::string> command = {o.shoji, "--socket", socket, "--refresh", "240",
                                              "--size", "1280x720"};
    std::printf("shoji-stress: %d well-behaved and %d hostile clients for %d s\n", o.good, o.hostile, o.seconds);
    std::printf("  compositor: %s --socket %s --refresh 240 --size 1280x720\n\n", o.shoji.c_str(), socket.c_str());
    std::fflush(stdout);

    CompositorProcess compositor(command, work.log_path());
    // A hostile client's socket may be closed under a write; that is an
    // outcome to record, not a reason to die (set after the fork: the
    // compositor starts with the default action).
    signal(SIGPIPE, SIG_IGN);
    const Measurements m = run_phases(compositor, socket, o);
    const std::vector<std::string> why = judge(m, compositor, o);

    print_good(m.main_phase);
    std::printf("\n");
    print_hostile(m.main_phase.hostile, o.hostile);
    std::printf("\n");
    print_compositor(m.baseline, m.warm, m.main_phase.peak, m.end, o.check_rss, compositor);
    std::printf("\n");
    if (why.empty()) {
        std::printf("Verdict: PASS\n");
        return 0;
    }
    work.keep();
    print_log_tail(work.log_path());
    std::printf("\nVerdict: FAIL\n");
    for (const std::string& reason : why) std::printf("  - %s\n", reason.c_str());
    return 1;
}

} // namespace
} // namespace stress

int main(int argc, char** argv) {
    const auto options = stress::parse_options(argc, argv);
    if (!options) return 2;
    return stress::run(*options);
}
