// startup-bench: how fast the shoji executable starts and stops.
//
//   run:    wall time of `shoji [args] -- true` (fork, exec, start the server,
//           run `true`, reap it, tear down, exit), as a CI job sees it, and
//           its CPU time (user + sys, from wait4), which a loaded machine
//           inflates much less than the wall time;
//   socket: time from the fork that execs `shoji [args] --socket NAME` to the
//           first successful connect() on $XDG_RUNTIME_DIR/NAME (polled every
//           50 µs), to the first wl_display_roundtrip answered on it, and to
//           its exit after SIGTERM (start + stop);
//   peer:   with --weston PATH, the same start + stop of Weston (headless
//           backend, --no-config, its default desktop shell), measured in
//           the same run, alternating with Shoji's: the baseline of the
//           start-up target (docs/performance.md).
//
// Each is repeated --runs times (default 20); prints medians and ranges in ms
// as key=value pairs.
// Usage: startup-bench SHOJI [--runs N] [--weston PATH] [-- extra shoji args]
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <wayland-client.h>

namespace {

double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

pid_t spawn(const std::vector<std::string>& args) {
    const pid_t pid = fork();
    if (pid != 0) return pid;
    const int null = open("/dev/null", O_WRONLY);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO); // a peer logs to stderr
    }
    std::vector<char*> argv;
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    std::perror("startup-bench: exec");
    _exit(127);
}

bool can_connect(const std::string& path) {
    const int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::strncpy(addr.sun_path, path.c_str(), sizeof addr.sun_path - 1);
    const bool ok = connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    close(fd);
    return ok;
}

struct Stats {
    double median, min, max;
};
Stats stats(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    const double med = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    return {med, v.front(), v.back()};
}

// One start and stop of a compositor serving `name`: exec to accepting, to
// the first roundtrip answered, and to its exit after SIGTERM, in ms from
// the fork; false if it never answered within 5 s.
struct StartStop {
    double accept, roundtrip, total;
};
bool start_stop(const std::vector<std::string>& args, const std::string& name, const std::string& path,
                StartStop& out) {
    const double t0 = now_ms();
    const pid_t pid = spawn(args);
    double t_accept = -1;
    while (now_ms() - t0 < 5000) {
        if (can_connect(path)) {
            t_accept = now_ms();
            break;
        }
        usleep(50);
    }
    double t_roundtrip = -1;
    if (t_accept > 0) {
        if (wl_display* d = wl_display_connect(name.c_str())) {
            if (wl_display_roundtrip(d) >= 0) t_roundtrip = now_ms();
            wl_display_disconnect(d);
        }
    }
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    out = {t_accept - t0, t_roundtrip - t0, now_ms() - t0};
    return t_accept >= 0 && t_roundtrip >= 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: startup-bench SHOJI [--runs N] [--weston PATH] [-- extra shoji args]\n");
        return 2;
    }
    const std::string shoji = argv[1];
    int runs = 20;
    std::vector<std::string> extra;
    std::string weston;
    for (int i = 2; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--runs") && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
        else if (!std::strcmp(argv[i], "--weston") && i + 1 < argc) weston = argv[++i];
        else if (!std::strcmp(argv[i], "--")) {
            for (++i; i < argc; ++i) extra.emplace_back(argv[i]);
        } else {
            std::fprintf(stderr, "startup-bench: unknown argument '%s'\n", argv[i]);
            return 2;
        }
    }
    const char* runtime = std::getenv("XDG_RUNTIME_DIR");
    if (!runtime || !*runtime) {
        std::fprintf(stderr, "startup-bench: XDG_RUNTIME_DIR must be set\n");
        return 2;
    }

    // 1. shoji -- true
    std::vector<double> run_ms, cpu_ms;
    for (int i = 0; i < runs; ++i) {
        std::vector<std::string> args{shoji};
        args.insert(args.end(), extra.begin(), extra.end());
        args.insert(args.end(), {"--", "true"});
        const double t0 = now_ms();
        const pid_t pid = spawn(args);
        int status = 0;
        rusage ru{};
        wait4(pid, &status, 0, &ru);
        run_ms.push_back(now_ms() - t0);
        cpu_ms.push_back((ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e3 +
                         (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e3);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::fprintf(stderr, "startup-bench: shoji -- true failed (status %d)\n", status);
            return 1;
        }
    }

    // 2. exec → accepting, → first roundtrip answered, → exited after
    // SIGTERM; Weston's start + stop alternating with Shoji's.
    std::vector<double> accept_ms, roundtrip_ms, total_ms, weston_ms;
    for (int i = 0; i < runs; ++i) {
        const std::string name = "shoji-startup-" + std::to_string(getpid()) + "-" + std::to_string(i);
        const std::string path = std::string(runtime) + "/" + name;
        std::vector<std::string> args{shoji};
        args.insert(args.end(), extra.begin(), extra.end());
        args.insert(args.end(), {"--socket", name});
        StartStop t{};
        if (!start_stop(args, name, path, t)) {
            std::fprintf(stderr, "startup-bench: shoji --socket %s never answered\n", name.c_str());
            return 1;
        }
        accept_ms.push_back(t.accept);
        roundtrip_ms.push_back(t.roundtrip);
        total_ms.push_back(t.total);
        if (weston.empty()) continue;
        const std::string wname = "weston-startup-" + std::to_string(getpid()) + "-" + std::to_string(i);
        if (!start_stop({weston, "--backend=headless-backend.so", "--socket=" + wname, "--no-config", "--idle-time=0"},
                        wname, std::string(runtime) + "/" + wname, t)) {
            std::fprintf(stderr, "startup-bench: weston --socket=%s never answered\n", wname.c_str());
            return 1;
        }
        weston_ms.push_back(t.total);
    }

    const Stats r = stats(run_ms), c = stats(cpu_ms), a = stats(accept_ms), rt = stats(roundtrip_ms),
                tt = stats(total_ms);
    std::printf("runs=%d true_wall_ms=%.2f true_wall_min_ms=%.2f true_wall_max_ms=%.2f true_cpu_ms=%.2f "
                "socket_accept_ms=%.2f socket_accept_min_ms=%.2f socket_accept_max_ms=%.2f "
                "first_roundtrip_ms=%.2f first_roundtrip_min_ms=%.2f first_roundtrip_max_ms=%.2f "
                "start_stop_ms=%.2f",
                runs, r.median, r.min, r.max, c.median, a.median, a.min, a.max, rt.median, rt.min, rt.max, tt.median);
    if (!weston_ms.empty()) {
        const Stats w = stats(weston_ms);
        std::printf(" weston_start_stop_ms=%.2f weston_start_stop_min_ms=%.2f weston_start_stop_max_ms=%.2f "
                    "x_weston_true=%.3f x_weston_start_stop=%.3f",
                    w.median, w.min, w.max, r.median / w.median, tt.median / w.median);
    }
    std::printf("\n");
    return 0;
}
