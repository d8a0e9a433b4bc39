// A umockdev testbed holding the emulated isokin USB dynamometer that
// make_usb_capture.py describes: plug it in with a capture to replay, unplug it.
// The process must run with LD_PRELOAD=libumockdev-preload.so.0 (CMakeLists.txt).
#pragma once

#include <filesystem>
#include <string>

struct _UMockdevTestbed;

namespace isokin::test {

class UsbTestbed {
 public:
  UsbTestbed();
  ~UsbTestbed();
  UsbTestbed(const UsbTestbed&) = delete;
  UsbTestbed& operator=(const UsbTestbed&) = delete;

  // Adds the device from its description, attaches the capture to replay, and
  // announces it with an "add" uevent (libusb's hot-plug monitor sees it).
  void plug(const std::filesystem::path& description, const std::filesystem::path& capture);
  // A "remove" uevent, then the device's sysfs entry and node disappear. The
  // replay handler of the old node lives on in umockdev, so plug the device back
  // under a new address (as the kernel does on a real replug).
  void unplug();

 private:
  _UMockdevTestbed* testbed_ = nullptr;
};

// Runs make_usb_capture.py for `scenario` into a fresh directory and returns it.
std::filesystem::path make_capture(const std::string& scenario);

}  // namespace isokin::test
