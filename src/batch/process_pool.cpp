#include "batch/process_pool.hpp"

#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <exception>
#include <optional>

#include "model/error.hpp"

namespace isokin::batch {
namespace {

bool write_all(int fd, const void* data, std::size_t size) {
  const auto* p = static_cast<const char*>(data);
  while (size > 0) {
    const ssize_t n = ::write(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

// False at end of file or on an error before `size` bytes arrived.
bool read_all(int fd, void* data, std::size_t size) {
  auto* p = static_cast<char*>(data);
  while (size > 0) {
    const ssize_t n = ::read(fd, p, size);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    size -= static_cast<std::size_t>(n);
  }
  return true;
}

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

// What a worker sends back per item: this header, then `length` bytes (the result,
// or the error's text when ok is 0).
struct ResultHeader {
  std::uint64_t index = 0;
  std::uint64_t length = 0;
  std::uint8_t ok = 0;
};

using Clock = std::chrono::steady_clock;

struct Worker {
  pid_t pid = -1;
  int task_fd = -1;    // we write item indices here
  int result_fd = -1;  // the worker writes results here
  std::optional<std::size_t> current;
  Clock::time_point deadline;  // when the current item has taken too long
};

[[noreturn]] void worker_main(int task_fd, int result_fd, const std::function<std::string(std::size_t)>& job) {
  std::uint64_t index = 0;
  while (read_all(task_fd, &index, sizeof index)) {
    std::string bytes;
    ResultHeader header;
    header.index = index;
    try {
      bytes = job(static_cast<std::size_t>(index));
      header.ok = 1;
    } catch (const std::exception& e) {
      bytes = *e.what() ? e.what() : "unknown error";
    } catch (...) {
      bytes = "unknown error";
    }
    header.length = bytes.size();
    if (!write_all(result_fd, &header, sizeof header) || !write_all(result_fd, bytes.data(), bytes.size())) break;
  }
  // _exit: the parent's atexit handlers and buffered streams are the parent's.
  ::_exit(0);
}

std::string describe_exit(int status) {
  if (WIFSIGNALED(status))
    return fmt::format("the analysis process was killed by signal {} ({}) on this file", WTERMSIG(status),
                       strsignal(WTERMSIG(status)));
  return fmt::format("the analysis process ended (status {}) on this file", WEXITSTATUS(status));
}

class Pool {
 public:
  Pool(std::size_t count, const std::function<std::string(std::size_t)>& job,
       const std::function<void(std::size_t, const std::string&)>& done, const std::function<bool()>& stop,
       std::chrono::milliseconds timeout)
      : job_(job), done_(done), stop_(stop), timeout_(timeout), outcomes_(count) {
    for (auto& outcome : outcomes_) outcome.error = "not analysed (interrupted)";
  }

  std::vector<JobOutcome<std::string>> run(unsigned workers) {
    workers_.resize(workers);
    for (auto& w : workers_) {
      if (!spawn(w)) break;
      assign(w);
    }
    if (std::none_of(workers_.begin(), workers_.end(), [](const Worker& w) { return w.pid > 0; }))
      throw Error(fmt::format("cannot start a worker process: {}", std::strerror(errno)));
    while (busy()) {
      if (stop_()) {
        // Ctrl-C answers now: the files in progress are not waited for.
        for (auto& w : workers_)
          if (w.current) abandon(w, "not analysed (interrupted)");
        break;
      }
      std::vector<pollfd> fds;
      std::vector<Worker*> owners;
      auto wake = Clock::now() + std::chrono::milliseconds(200);  // stop() is polled at least this often
      for (auto& w : workers_) {
        if (!w.current) continue;
        fds.push_back({w.result_fd, POLLIN, 0});
        owners.push_back(&w);
        if (timeout_.count() > 0) wake = std::min(wake, w.deadline);
      }
      const auto wait_ms = std::chrono::ceil<std::chrono::milliseconds>(wake - Clock::now()).count();
      const int ready = ::poll(fds.data(), fds.size(), static_cast<int>(std::max<long long>(wait_ms, 0)));
      if (ready < 0 && errno != EINTR) throw Error(fmt::format("waiting for the workers: {}", std::strerror(errno)));
      for (std::size_t k = 0; ready > 0 && k < fds.size(); ++k)
        if (fds[k].revents != 0) collect(*owners[k]);
      if (timeout_.count() > 0) {
        const auto now = Clock::now();
        for (auto& w : workers_) {
          if (!w.current || now < w.deadline) continue;
          // A file that hangs its reader (a retry loop inside the HDF5 library) costs its own row.
          abandon(w, fmt::format("not analysed within {} s: the analysis process was stopped (--timeout)",
                                 std::chrono::duration<double>(timeout_).count()));
          if (next_ < outcomes_.size() && !stop_() && spawn(w)) assign(w);
        }
      }
    }
    for (auto& w : workers_) retire(w);
    return std::move(outcomes_);
  }

  ~Pool() {
    for (auto& w : workers_) retire(w);
  }
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;

 private:
  bool busy() const {
    return std::any_of(workers_.begin(), workers_.end(), [](const Worker& w) { return w.current.has_value(); });
  }

  bool spawn(Worker& w) {
    int task[2], result[2];
    if (::pipe(task) != 0) return false;
    if (::pipe(result) != 0) {
      ::close(task[0]);
      ::close(task[1]);
      return false;
    }
    const pid_t pid = ::fork();
    if (pid < 0) {
      for (int fd : {task[0], task[1], result[0], result[1]}) ::close(fd);
      return false;
    }
    if (pid == 0) {
      // The other workers' pipes must close here, or they never see end of file.
      for (auto& other : workers_) {
        close_fd(other.task_fd);
        close_fd(other.result_fd);
      }
      ::close(task[1]);
      ::close(result[0]);
      worker_main(task[0], result[1], job_);
    }
    ::close(task[0]);
    ::close(result[1]);
    w.pid = pid;
    w.task_fd = task[1];
    w.result_fd = result[0];
    return true;
  }

  // Gives the worker the next item, or tells it there is none (it then exits).
  void assign(Worker& w) {
    w.current.reset();
    if (next_ < outcomes_.size() && !stop_()) {
      const std::uint64_t index = next_;
      if (write_all(w.task_fd, &index, sizeof index)) {
        w.current = next_++;
        w.deadline = Clock::now() + timeout_;
        return;
      }
    }
    close_fd(w.task_fd);
  }

  void collect(Worker& w) {
    const std::size_t index = *w.current;
    ResultHeader header;
    std::string bytes;
    bool received = read_all(w.result_fd, &header, sizeof header) && header.index == index;
    if (received) {
      bytes.resize(header.length);
      received = read_all(w.result_fd, bytes.data(), bytes.size());
    }
    JobOutcome<std::string>& outcome = outcomes_[index];
    if (received) {
      outcome.error = header.ok ? std::string() : std::move(bytes);
      if (header.ok) outcome.result = std::move(bytes);
      if (done_) done_(index, outcome.error);
      assign(w);
      return;
    }
    // The worker died on this item: it is the item's error; a new worker goes on.
    const int status = retire(w);
    outcome.error = describe_exit(status);
    if (done_) done_(index, outcome.error);
    if (next_ < outcomes_.size() && !stop_() && spawn(w)) assign(w);
  }

  // Kills the worker on its current item, which gets `error`.
  void abandon(Worker& w, const std::string& error) {
    const std::size_t index = *w.current;
    if (w.pid > 0) ::kill(w.pid, SIGKILL);
    retire(w);
    outcomes_[index].error = error;
    if (done_) done_(index, error);
  }

  // Closes the worker's pipes and reaps it; returns its wait status.
  int retire(Worker& w) {
    w.current.reset();
    close_fd(w.task_fd);
    close_fd(w.result_fd);
    int status = 0;
    if (w.pid > 0) {
      while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
      }
    }
    w.pid = -1;
    return status;
  }

  const std::function<std::string(std::size_t)>& job_;
  const std::function<void(std::size_t, const std::string&)>& done_;
  const std::function<bool()>& stop_;
  std::chrono::milliseconds timeout_;
  std::vector<JobOutcome<std::string>> outcomes_;
  std::vector<Worker> workers_;
  std::size_t next_ = 0;
};

// A worker that dies must not take the batch with it: writing to its pipe would
// raise SIGPIPE here. Ignored while the pool runs, restored after.
class IgnoreSigpipe {
 public:
  IgnoreSigpipe() {
    struct sigaction ignore {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous_);
  }
  ~IgnoreSigpipe() { ::sigaction(SIGPIPE, &previous_, nullptr); }
  IgnoreSigpipe(const IgnoreSigpipe&) = delete;
  IgnoreSigpipe& operator=(const IgnoreSigpipe&) = delete;

 private:
  struct sigaction previous_ {};
};

}  // namespace

std::vector<JobOutcome<std::string>> run_in_processes(std::size_t count, unsigned workers,
                                                      const std::function<std::string(std::size_t)>& job,
                                                      const std::function<void(std::size_t, const std::string&)>& done,
                                                      const std::function<bool()>& stop,
                                                      std::chrono::milliseconds timeout) {
  if (count == 0) return {};
  IgnoreSigpipe sigpipe;
  Pool pool(count, job, done, stop, timeout);
  return pool.run(std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(count))));
}

}  // namespace isokin::batch
