// Sanitizer builds only: options the USB tests need, built in because
// gtest_discover_tests passes a single environment variable (LD_PRELOAD) whole;
// a second one split the property list.
//
// AddressSanitizer: the umockdev preload library comes before the ASan runtime, which
// its link-order check refuses; the order is harmless here.
// ThreadSanitizer: umockdev's testbed worker thread, and the libudev monitor it feeds,
// synchronise through GLib and sockets that these uninstrumented libraries hide from
// TSan, which then reports races inside them. Those libraries are suppressed; isokin's
// own code is not.
#if defined(__SANITIZE_ADDRESS__)
extern "C" const char* __asan_default_options();
extern "C" const char* __asan_default_options() { return "detect_leaks=1:verify_asan_link_order=0"; }
#endif

#if defined(__SANITIZE_THREAD__)
extern "C" const char* __tsan_default_suppressions();
extern "C" const char* __tsan_default_suppressions() {
  return "race:libumockdev.so\n"
         "race:libumockdev-preload.so\n"
         "race:libudev.so\n"
         "race:libglib-2.0.so\n";
}
#endif
