#include <gtest/gtest.h>

#include "device/transports/usb_uri.hpp"
#include "model/error.hpp"

namespace isokin::device {
namespace {

TEST(UsbUri, VidPid_ParsedAsHexadecimal) {
  const UsbAddress a = parse_usb_uri("usb://1d50:6018");
  EXPECT_EQ(a.vendor_id, 0x1d50);
  EXPECT_EQ(a.product_id, 0x6018);
  EXPECT_FALSE(a.serial);
  EXPECT_FALSE(a.interface_number);
  EXPECT_EQ(to_string(a), "1d50:6018");
}

TEST(UsbUri, SerialAndInterface_BothKept) {
  const UsbAddress a = parse_usb_uri("usb://1D50:6018?serial=DYN-0042&interface=2");
  ASSERT_TRUE(a.serial);
  EXPECT_EQ(*a.serial, "DYN-0042");
  ASSERT_TRUE(a.interface_number);
  EXPECT_EQ(*a.interface_number, 2);
}

TEST(UsbUri, Malformed_ThrowsInputErrorNamingTheUri) {
  for (const char* uri : {"usb://", "usb://1d50", "usb://1d50:60189", "usb://xyz:6018", "usb://1d50:6018?baud=9600",
                          "usb://1d50:6018?interface=-1", "usb://1d50:6018?interface=x", "serial://1d50:6018"}) {
    try {
      parse_usb_uri(uri);
      ADD_FAILURE() << uri << " was accepted";
    } catch (const InputError& e) {
      EXPECT_NE(std::string(e.what()).find(uri), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace isokin::device
