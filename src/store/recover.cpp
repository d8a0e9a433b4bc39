// recover_session: a file left by a killed recorder becomes an ordinary compact file.
//
// Not h5clear: `h5clear -s` without --increment leaves a stale end-of-allocation
// that makes plain opens fail and SWMR reads hang (../shared/deps.md section 2).
// Instead the file is read as it is, with SWMR read access, and every sample that
// all channels hold is copied into a fresh file that replaces it.
#include "store/compact_copy.hpp"
#include "store/file_replace.hpp"
#include "store/session_layout.hpp"
#include "store/session_store.hpp"
#include "store/writer_lock.hpp"

namespace isokin::store {

RecoveryReport recover_session(const std::filesystem::path& file) {
  RecoveryReport report;
  // Refused, naming the other process, while a recorder still writes the file.
  const WriterLock lock(file, "isokin recover");
  TempFileBeside temp(file);
  {
    const OpenedSession source = open_session_for_read(file, KilledWriter::read);
    report.was_open_for_write = source.swmr;
    const CopyStats stats = copy_session(source, temp.path(), h5::Format::finished);
    report.trials = stats.trials;
    report.samples = stats.samples;
  }
  temp.commit();
  return report;
}

}  // namespace isokin::store
