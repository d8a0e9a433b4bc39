// Runs jobs in forked worker processes rather than threads. `isokin batch` spends
// most of a job inside HDF5, which serialises every call in a process behind one
// global lock, so two threads barely beat one (1.2x measured on two cores); two
// processes each have their own library and scale with the cores. A worker that
// dies (a file that crashes the HDF5 library) costs that one file, not the batch:
// its file gets the error and a new worker takes over.
//
// Each job's result crosses back as bytes (the caller serialises it); results land
// at their item's index, so the output order is the input order.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "batch/parallel_runner.hpp"

namespace isokin::batch {

// `job(i)` runs in a worker process and returns item i's result as bytes; an
// exception becomes item i's error. `done(i, error)` runs in this process after each
// item. `stop()` is polled here: no item starts once it returns true, and those not
// started keep the error "not analysed (interrupted)". Call from a single-threaded
// process (fork copies only the calling thread). Throws Error if no worker can be
// started at all. Once stop() is true the workers still busy are killed and their
// items keep that error too, so Ctrl-C answers within a fraction of a second. An item
// running longer than `timeout` (0 = no limit) has its worker killed and gets an error
// saying so; a new worker takes the next item.
std::vector<JobOutcome<std::string>> run_in_processes(
    std::size_t count, unsigned workers, const std::function<std::string(std::size_t)>& job,
    const std::function<void(std::size_t, const std::string&)>& done,
    const std::function<bool()>& stop = [] { return false; },
    std::chrono::milliseconds timeout = std::chrono::milliseconds(0));

}  // namespace isokin::batch
