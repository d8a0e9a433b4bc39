#include "umockdev_testbed.hpp"

#include <umockdev.h>

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

#include "device/transports/usb_transfer_config.hpp"

namespace isokin::test {
namespace {

// Must match make_usb_capture.py.
constexpr const char* kSysPath = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1";

void check(gboolean ok, GError* error, const std::string& what) {
  if (ok) return;
  const std::string message = error ? error->message : "unknown error";
  if (error) g_error_free(error);
  throw std::runtime_error(what + ": " + message);
}

}  // namespace

UsbTestbed::UsbTestbed() : testbed_(umockdev_testbed_new()) {}

UsbTestbed::~UsbTestbed() { g_object_unref(testbed_); }

void UsbTestbed::plug(const std::filesystem::path& description, const std::filesystem::path& capture) {
  GError* error = nullptr;
  check(umockdev_testbed_add_from_file(testbed_, description.c_str(), &error), error,
        "umockdev: adding " + description.string());
  error = nullptr;
  check(umockdev_testbed_load_pcap(testbed_, kSysPath, capture.c_str(), &error), error,
        "umockdev: loading " + capture.string());
  umockdev_testbed_uevent(testbed_, kSysPath, "add");
}

void UsbTestbed::unplug() {
  umockdev_testbed_uevent(testbed_, kSysPath, "remove");
  umockdev_testbed_remove_device(testbed_, kSysPath);
}

std::filesystem::path make_capture(const std::string& scenario) {
  std::string dir_template = (std::filesystem::temp_directory_path() / "isokin-usb-XXXXXX").string();
  if (!mkdtemp(dir_template.data())) throw std::runtime_error("mkdtemp failed");
  const std::filesystem::path dir = dir_template;
  const std::string command =
      fmt::format("'{}' '{}' '{}' --in-bytes {} --in-flight {} --scenario {}", ISOKIN_PYTHON,
                  ISOKIN_USB_CAPTURE_SCRIPT, dir.string(), device::usb::kInTransferBytes,
                  device::usb::kInTransfersInFlight, scenario);
  if (std::system(command.c_str()) != 0) throw std::runtime_error("failed: " + command);
  return dir;
}

}  // namespace isokin::test
