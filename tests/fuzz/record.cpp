// fuzz-record: records a real client's session as a fuzz input.
//
//   fuzz-record OUT SECONDS CLIENT [ARGS...]
//
// FUZZ_RECORD_MAX_BYTES (default 1024) bounds the input: the recording stops
// there and the client is stopped. A client's start (registry, surfaces, its
// first buffers and frames) fits; more would be its later frames over again,
// and a longer seed makes libFuzzer grow its inputs to that length, which
// cut the server target's executions per second by two thirds (an 8 KiB
// weston-simple-shm seed: 800 → 250 per second).
// Starts a server as the fuzzer's (make_fuzz_server: 64×64 headless at
// 1000 Hz) with a listening socket in a private XDG_RUNTIME_DIR, runs CLIENT
// with WAYLAND_DISPLAY set to it, and writes what the client asks of the
// server, as a fuzz input (Recorder in fuzz_session.hpp: kRequests, fds by
// size, seals and first byte), to OUT. After SECONDS the client gets SIGTERM
// (SIGKILL a second later), or as soon as the input is full. Then the input is replayed in a fresh server
// (run_session) and the requests it got through before an error or its end
// are printed. Exit 77 if CLIENT cannot be run; 1 if it made no request.
// scripts/fuzz-record records the corpus's rec-* seeds with it.
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>

#include "fuzz_session.hpp"

namespace fs = std::filesystem;
using namespace shoji::fuzz;

int main(int argc, char** argv) {
    if (argc < 4) {
        std::fprintf(stderr, "usage: fuzz-record OUT SECONDS CLIENT [ARGS...]\n");
        return 2;
    }
    const std::string out = argv[1];
    const double seconds = std::atof(argv[2]);
    char dir_template[] = "/tmp/shoji-fuzz-record-XXXXXX";
    if (!mkdtemp(dir_template)) {
        std::perror("mkdtemp");
        return 1;
    }
    const std::string runtime_dir = dir_template;
    setenv("XDG_RUNTIME_DIR", runtime_dir.c_str(), 1);

    int status = 0;
    uint64_t requests = 0, skipped = 0;
    InputWriter input;
    {
        std::unique_ptr<shoji::Server> server = make_fuzz_server();
        const std::string name = server->add_socket("wayland-record");
        Recorder recorder(*server);
        const char* max_bytes = std::getenv("FUZZ_RECORD_MAX_BYTES");
        recorder.set_limit(max_bytes ? size_t(std::atol(max_bytes)) : 1024);

        const pid_t child = fork();
        if (child < 0) {
            std::perror("fork");
            return 1;
        }
        if (child == 0) {
            setenv("WAYLAND_DISPLAY", name.c_str(), 1);
            unsetenv("DISPLAY"); // no X11 fallback
            setenv("GDK_BACKEND", "wayland", 1);
            const int null = open("/dev/null", O_RDWR);
            if (null >= 0) {
                dup2(null, STDIN_FILENO);
                dup2(null, STDOUT_FILENO);
            }
            execvp(argv[3], argv + 3);
            _exit(127);
        }
        using clock = std::chrono::steady_clock;
        const auto start = clock::now();
        bool terminated = false, killed = false, exited = false;
        double terminated_at = 0;
        while (!exited) {
            server->dispatch(1);
            const double elapsed = std::chrono::duration<double>(clock::now() - start).count();
            if (!terminated && (elapsed >= seconds || recorder.full())) {
                kill(child, SIGTERM);
                terminated = true;
                terminated_at = elapsed;
            }
            if (terminated && !killed && elapsed >= terminated_at + 1) {
                kill(child, SIGKILL);
                killed = true;
            }
            if (waitpid(child, &status, WNOHANG) == child) exited = true;
        }
        // Let the server see the hang-up (the input ends where the client did).
        for (int i = 0; i < 10; ++i) server->dispatch(0);
        requests = recorder.requests();
        skipped = recorder.skipped();
        input = recorder.input();
    }
    fs::remove_all(runtime_dir);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
        std::fprintf(stderr, "fuzz-record: cannot run %s\n", argv[3]);
        return 77;
    }
    std::printf("fuzz-record: %s made %llu requests (%llu not recordable), %zu bytes of input\n", argv[3],
                static_cast<unsigned long long>(requests), static_cast<unsigned long long>(skipped),
                input.bytes().size());
    if (requests == 0) return 1;
    std::ofstream(out, std::ios::binary)
        .write(reinterpret_cast<const char*>(input.bytes().data()), long(input.bytes().size()));

    // The input alone, in a fresh server: how far does it get?
    SessionReport report;
    run_session(input.bytes().data(), input.bytes().size(), &report);
    std::string error = "no error";
    for (size_t at = 0; report.events.size() - at >= 8;) {
        uint32_t header[2];
        std::memcpy(header, report.events.data() + at, 8);
        const size_t size = header[1] >> 16;
        if (size < 8 || at + size > report.events.size()) break;
        if (header[0] == 1 && (header[1] & 0xffff) == 0 && size >= 20) { // wl_display.error
            uint32_t words[3];
            std::memcpy(words, report.events.data() + at + 8, 12);
            error = "error on object " + std::to_string(words[0]) + " code " + std::to_string(words[1]) + ": " +
                    std::string(reinterpret_cast<const char*>(report.events.data() + at + 20),
                                strnlen(reinterpret_cast<const char*>(report.events.data() + at + 20), size - 20));
            break;
        }
        at += size;
    }
    std::printf("fuzz-record: replayed in a fresh server: %zu bytes of events, %s%s\n", report.events.size(),
                error.c_str(), report.dropped ? ", disconnected" : "");
    return 0;
}
