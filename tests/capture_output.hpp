// A test helper: watches what the process writes to stdout or stderr while a piece of code runs, to
// check that the library prints nothing unless asked. POSIX only (dup, dup2); elsewhere `supported`
// is false and written() is 0.
#ifndef CHEMIN_TESTS_CAPTURE_OUTPUT_HPP
#define CHEMIN_TESTS_CAPTURE_OUTPUT_HPP

#include <cstdio>

#if defined(__unix__) || defined(__APPLE__)
#include <unistd.h>
#endif

namespace chemin_test {

/// Sends file descriptor `fd` (1: stdout, 2: stderr) to a temporary file while it lives; written() is
/// how many bytes arrived there so far (C streams flushed first).
class CaptureOutput {
public:
#if defined(__unix__) || defined(__APPLE__)
    static constexpr bool supported = true;
    explicit CaptureOutput(int fd) : fd_(fd), file_(std::tmpfile()) {
        std::fflush(nullptr);
        if (file_ == nullptr) return;
        saved_ = dup(fd_);
        if (saved_ >= 0 && dup2(fileno(file_), fd_) < 0) {
            close(saved_);
            saved_ = -1;
        }
    }
    /// Bytes written since the capture began; -1 when the capture could not be set up.
    long written() const {
        std::fflush(nullptr);
        return saved_ < 0 ? -1 : static_cast<long>(lseek(fileno(file_), 0, SEEK_END));
    }
    ~CaptureOutput() {
        std::fflush(nullptr);
        if (saved_ >= 0) {
            dup2(saved_, fd_);
            close(saved_);
        }
        if (file_ != nullptr) std::fclose(file_);
    }
    CaptureOutput(const CaptureOutput&) = delete;
    CaptureOutput& operator=(const CaptureOutput&) = delete;

private:
    int fd_, saved_ = -1;
    std::FILE* file_;
#else
    static constexpr bool supported = false;
    explicit CaptureOutput(int) {}
    long written() const { return 0; }
#endif
};

}  // namespace chemin_test

#endif  // CHEMIN_TESTS_CAPTURE_OUTPUT_HPP
