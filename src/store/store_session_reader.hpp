// The store's RecordedSessionReader: how replay:// reads a session file without the
// device layer linking the store.
#pragma once

#include <memory>

#include "device/transports/recorded_session_reader.hpp"

namespace isokin::store {

std::shared_ptr<device::RecordedSessionReader> make_session_reader();

}  // namespace isokin::store
