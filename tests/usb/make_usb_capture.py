#!/usr/bin/python3
"""Writes an emulated isokin USB dynamometer for umockdev: the device description
(.umockdev), usbmon captures (.pcap, linktype 220) of whole sessions, and the truth
(every sample the device sent in a frame that arrived intact).

The protocol is written here from ../shared/protocol.md (COBS, CRC-16/CCITT-FALSE,
frame layout, message bodies), independently of the C++ codec, so the test checks
that the host speaks the documented protocol and not only agrees with itself.

umockdev replays a capture in order (../shared/deps.md section 4): a Submit record
is matched to a URB the program submitted with the same type, endpoint and buffer
length (OUT payloads byte for byte), and an IN Complete record hands its bytes to
that URB. So the capture follows how UsbDevice submits: IN_IN_FLIGHT IN URBs of
IN_BYTES each right after claiming the interface, one resubmitted from every
completion callback, and every command as one OUT URB holding exactly one frame.

Usage:
  make_usb_capture.py OUT_DIR --in-bytes N --in-flight K --scenario session|reconnect|start-refused|device-leaves|...
Writes OUT_DIR/dyno.umockdev, OUT_DIR/<part>.pcap, OUT_DIR/truth.csv, OUT_DIR/expected.json, and
OUT_DIR/conversation.json (the bulk frames alone, host and device, to play over a pty).
"""

import argparse
import json
import math
import os
import random
import struct

VID, PID = 0x1D50, 0x6018
BUS, DEVNUM = 1, 2
SYSPATH = "/sys/devices/pci0000:00/0000:00:14.0/usb1/1-1"
EP_IN, EP_OUT = 0x81, 0x02
URB_CONTROL, URB_BULK = 2, 3
SERIAL_INDEX = 3   # iSerialNumber in the device descriptor
LANGID_EN_US = 0x0409
MAX_FRAME = 4096

HELLO, SAMPLES, STATUS = 0x01, 0x02, 0x03
HELLO_REQUEST, START, STOP = 0x80, 0x81, 0x82


# --- protocol (docs: ../shared/protocol.md section 2) --------------------------------
def _crc_table():
    table = []
    for high in range(256):
        crc = high << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
        table.append(crc)
    return table


_CRC_TABLE = _crc_table()


def crc16_ccitt_false(data: bytes) -> int:
    """Poly 0x1021, init 0xFFFF, no reflection, no final xor (table-driven, MSB first)."""
    crc = 0xFFFF
    for byte in data:
        crc = ((crc << 8) & 0xFFFF) ^ _CRC_TABLE[(crc >> 8) ^ byte]
    return crc


assert crc16_ccitt_false(b"123456789") == 0x29B1


def cobs_encode(data: bytes) -> bytes:
    """Each run of non-zero bytes becomes (length + 1, run); a run of 254 is cut with
    code 0xFF, which implies no zero after it."""
    out = bytearray()
    for run in data.split(b"\0"):
        while len(run) >= 254:
            out.append(255)
            out += run[:254]
            run = run[254:]
        out.append(len(run) + 1)
        out += run
    return bytes(out)


assert cobs_encode(b"\x11\x22\x00\x33") == b"\x03\x11\x22\x02\x33"
assert cobs_encode(b"\x00") == b"\x01\x01"
assert cobs_encode(bytes(range(1, 255))) == b"\xff" + bytes(range(1, 255)) + b"\x01"
assert cobs_encode(bytes(range(1, 255)) + b"\x00\x07") == b"\xff" + bytes(range(1, 255)) + b"\x01\x02\x07"


def frame(ftype: int, seq: int, body: bytes) -> bytes:
    """One frame as it travels: COBS(version, type, seq, body, crc) + 0x00."""
    raw = struct.pack("<BBH", 1, ftype, seq & 0xFFFF) + body
    assert len(raw) + 2 <= MAX_FRAME
    raw += struct.pack("<H", crc16_ccitt_false(raw))
    return cobs_encode(raw) + b"\x00"


def json_body(obj) -> bytes:
    # Compact and key-sorted: the spelling nlohmann::json::dump() gives, which the
    # OUT payload comparison needs for START; harmless for the device's own bodies.
    return json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()


def f32(x: float) -> float:
    return struct.unpack("<f", struct.pack("<f", x))[0]


# --- usbmon capture (linktype 220, DLT_USB_LINUX_MMAPPED) ----------------------------
class Capture:
    def __init__(self, devnum: int):
        self.devnum = devnum
        self.records = []
        self.next_id = 0xFFFF_8880_0000_1000
        self.pending_in = []   # urb ids of IN Submit records, oldest first
        self.t_us = 0
        # The bulk conversation alone (host frames, device bytes), for the same device
        # played over a pseudo-terminal (transport_agreement_test.cpp).
        self.script = []

    def _record(self, urb_id, event, ep, status, urb_len, data, data_flag, xfer_type=URB_BULK, setup=None):
        self.t_us += 125
        hdr = struct.pack("<QBBBBHbbqiiII8siiII", urb_id, ord(event), xfer_type, ep, self.devnum, BUS,
                          0 if setup else ord("-"), data_flag, self.t_us // 1_000_000, self.t_us % 1_000_000,
                          status, urb_len, len(data), setup or b"\0" * 8, 0, 0, 0, 0)
        assert len(hdr) == 64
        self.records.append(hdr + data)

    def _new_id(self):
        self.next_id += 0x40
        return self.next_id

    def submit_in(self, in_bytes: int):
        urb_id = self._new_id()
        self.pending_in.append(urb_id)
        self._record(urb_id, "S", EP_IN, -115, in_bytes, b"", ord("<"))

    def complete_in(self, data: bytes, in_bytes: int):
        """The oldest IN URB completes with `data`; the host resubmits it from the callback."""
        assert len(data) <= in_bytes
        urb_id = self.pending_in.pop(0)
        self._record(urb_id, "C", EP_IN, 0, len(data), data, 0 if data else ord("<"))
        if data:
            self.script.append({"device": data.hex()})
        self.submit_in(in_bytes)

    def out(self, data: bytes):
        self.script.append({"host": data.hex()})
        urb_id = self._new_id()
        self._record(urb_id, "S", EP_OUT, -115, len(data), data, 0)
        self._record(urb_id, "C", EP_OUT, 0, len(data), b"", ord(">"))

    def control_in(self, setup: bytes, reply: bytes):
        """A control read as usbmon records it: the Submit carries the setup packet
        (umockdev compares it with the program's) and urb_len = wLength; the Complete
        carries the reply, which umockdev puts after the setup bytes of the URB."""
        w_length = struct.unpack("<H", setup[6:8])[0]
        assert len(reply) <= w_length
        urb_id = self._new_id()
        self._record(urb_id, "S", 0x80, -115, w_length, b"", ord("<"), URB_CONTROL, setup)
        self._record(urb_id, "C", 0x80, 0, len(reply), reply, 0, URB_CONTROL)

    def string_descriptor(self, index: int, text: str):
        """libusb_get_string_descriptor(handle, 0, 0, buf, 255), then (index, langid, buf, 255)."""
        setup = struct.pack("<BBHHH", 0x80, 6, 0x0300, 0, 255)
        self.control_in(setup, struct.pack("<BBH", 4, 3, LANGID_EN_US))
        encoded = text.encode("utf-16-le")
        setup = struct.pack("<BBHHH", 0x80, 6, 0x0300 | index, LANGID_EN_US, 255)
        self.control_in(setup, struct.pack("<BB", 2 + len(encoded), 3) + encoded)

    def write(self, path: str):
        with open(os.path.join(os.path.dirname(path), "conversation.json"), "w") as f:
            json.dump(self.script, f)
        with open(path, "wb") as f:
            f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535 + 64, 220))
            for i, rec in enumerate(self.records):
                f.write(struct.pack("<IIII", i // 1000, (i % 1000) * 1000, len(rec), len(rec)))
                f.write(rec)


def device_description(devnum: int) -> str:
    dev = bytes.fromhex("12010002000000" "40" "501D" "1860" "0001" "010203" "01")
    cfg = bytes.fromhex("09022000010100803209040000" "02" "FF0000" "00"
                        "0705810200020007050202000200")
    desc = (dev + cfg).hex().upper()
    return "\n".join([
        f"P: {SYSPATH[len('/sys'):]}",
        f"N: bus/usb/{BUS:03d}/{devnum:03d}={desc}",
        f"E: DEVNAME=/dev/bus/usb/{BUS:03d}/{devnum:03d}",
        "E: DEVTYPE=usb_device",
        "E: DRIVER=usb",
        "E: PRODUCT=1d50/6018/100",
        "E: TYPE=0/0/0",
        f"E: BUSNUM={BUS:03d}",
        f"E: DEVNUM={devnum:03d}",
        "E: MAJOR=189",
        f"E: MINOR={devnum - 1}",
        "E: SUBSYSTEM=usb",
        "A: bConfigurationValue=1\\n",
        "A: bNumConfigurations=1",
        f"A: busnum={BUS}\\n",
        f"A: devnum={devnum}\\n",
        "A: speed=480\\n",
        "A: idVendor=1d50",
        "A: idProduct=6018",
        f"A: dev=189:{devnum - 1}",
        f"H: descriptors={desc}",
        "",
    ])


# --- the device's side of a session --------------------------------------------------
class Dyno:
    """Frames from the device: seq counts every frame it emits, corrupt ones included."""
    def __init__(self, rng: random.Random, period_us: int = 1000):
        self.rng = rng
        self.period_us = period_us
        self.seq = 0
        self.t_us = 5_000_000
        self.truth = []        # (t_us, torque, angle, velocity) of every intact sample
        self.lost_samples = 0
        self.corrupt_frames = 0

    def next_frame(self, ftype, body) -> bytes:
        data = frame(ftype, self.seq, body)
        self.seq = (self.seq + 1) & 0xFFFF
        return data

    def hello(self):
        return self.next_frame(HELLO, json_body({"model": "usb-dyno", "serial": "DYN-0042", "firmware": "1.2.0",
                                                 "rate_hz": 1000.0, "joints": ["knee"]}))

    def status(self, state, acked_seq, message=None):
        body = {"state": state, "acked_seq": acked_seq}
        if message is not None:
            body["message"] = message
        return self.next_frame(STATUS, json_body(body))

    def samples(self, count, corrupt=False):
        records = []
        rows = []
        for i in range(count):
            t = self.t_us + i * self.period_us
            s = t / 1e6
            torque, angle, velocity = f32(150 * math.sin(2 * s)), f32(45 + 40 * math.sin(s)), f32(40 * math.cos(s))
            records.append(struct.pack("<fff", torque, angle, velocity))
            rows.append((t, torque, angle, velocity))
        body = struct.pack("<QIH", self.t_us, self.period_us, count) + b"".join(records)
        self.t_us += count * self.period_us
        data = bytearray(self.next_frame(SAMPLES, body))
        if corrupt:
            # Change one payload byte (never to 0x00, so the frame keeps its length): the CRC must catch it.
            pos = len(data) // 2
            data[pos] = data[pos] ^ 0x5A or 0x01
            self.corrupt_frames += 1
            self.lost_samples += count
        else:
            self.truth.extend(rows)
        return bytes(data)


def chunk_stream(stream: bytes, rng: random.Random, in_bytes: int):
    """Cuts the device's byte stream into IN transfers of irregular sizes, so frames
    span transfer boundaries and transfers hold several frames; one full-size transfer too."""
    pieces = []
    pos = 0
    sizes = [in_bytes, 1, 7, 63, 64, 511, 512, 513]
    while pos < len(stream):
        size = sizes.pop(0) if sizes else rng.randint(1, min(in_bytes, 3000))
        pieces.append(stream[pos:pos + size])
        pos += size
    return pieces


def session_part(cap, dyno, args, rng, *, frames, corrupt_at=None, start_answer="running", message=None, stop=True,
                 serial_asked=False, ending=None, stop_answer=True):
    """One link from claim to STOP: HELLO_REQUEST/HELLO, START/STATUS, SAMPLES, STOP/STATUS.
    With serial_asked, the host first reads the serial string (usb://...?serial=)."""
    if serial_asked:
        cap.string_descriptor(SERIAL_INDEX, "DYN-0042")
    for _ in range(args.in_flight):
        cap.submit_in(args.in_bytes)
    host_seq = 0
    cap.out(frame(HELLO_REQUEST, host_seq, b""))
    cap.complete_in(dyno.hello(), args.in_bytes)
    host_seq += 1
    cap.out(frame(START, host_seq, json_body({"mode": "con-con", "velocity_deg_s": 60.0})))
    if start_answer != "running":
        cap.complete_in(dyno.status(start_answer, host_seq, message), args.in_bytes)
        return
    # STATUS and the first samples share one transfer: start() must keep those samples.
    stream = dyno.status("running", host_seq) + dyno.samples(3)
    for i in range(frames):
        count = [1, 5, 17, 60, 339, 120][i % 6]
        stream += dyno.samples(count, corrupt=(i == corrupt_at))
    if ending is not None:
        # The device ends the run by itself: repetitions done (idle) or a fault (error).
        stream += dyno.next_frame(STATUS, json_body(ending))
    for piece in chunk_stream(stream, rng, args.in_bytes):
        cap.complete_in(piece, args.in_bytes)
    cap.complete_in(b"", args.in_bytes)  # a zero-length packet carries nothing and breaks nothing
    if stop:
        host_seq += 1
        cap.out(frame(STOP, host_seq, b""))
        if stop_answer:
            cap.complete_in(dyno.status("idle", host_seq), args.in_bytes)


def volume_part(cap, dyno, args, total_samples):
    """A high-rate run: SAMPLES frames of 339 (the most a frame holds) in transfers
    filled to the last byte, as a device streaming flat out would send them."""
    for _ in range(args.in_flight):
        cap.submit_in(args.in_bytes)
    cap.out(frame(HELLO_REQUEST, 0, b""))
    cap.complete_in(dyno.hello(), args.in_bytes)
    cap.out(frame(START, 1, json_body({"mode": "con-con", "velocity_deg_s": 60.0})))
    stream = bytearray(dyno.status("running", 1))
    left = total_samples
    while left > 0:
        count = min(339, left)
        stream += dyno.samples(count)
        left -= count
    for pos in range(0, len(stream), args.in_bytes):
        cap.complete_in(bytes(stream[pos:pos + args.in_bytes]), args.in_bytes)
    cap.out(frame(STOP, 2, b""))
    cap.complete_in(dyno.status("idle", 2), args.in_bytes)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("out_dir")
    parser.add_argument("--in-bytes", type=int, required=True)
    parser.add_argument("--in-flight", type=int, required=True)
    parser.add_argument("--scenario", choices=["session", "serial", "reconnect", "start-refused", "device-finishes", "device-fails",
                                                 "volume", "silent", "device-leaves", "stop-unanswered"], required=True)
    args = parser.parse_args()
    os.makedirs(args.out_dir, exist_ok=True)
    rng = random.Random(20261126)
    # volume: 200,000 samples/s, the rate the issue aims at, for one second.
    dyno = Dyno(rng, period_us=5 if args.scenario == "volume" else 1000)
    expected = {"syspath": SYSPATH, "devnode": f"/dev/bus/usb/{BUS:03d}/{DEVNUM:03d}", "parts": []}

    if args.scenario in ("session", "serial"):
        cap = Capture(DEVNUM)
        session_part(cap, dyno, args, rng, frames=60, corrupt_at=23, serial_asked=args.scenario == "serial")
        cap.write(os.path.join(args.out_dir, "session.pcap"))
        expected["parts"].append("session.pcap")
    elif args.scenario in ("device-leaves", "stop-unanswered"):
        # device-leaves: samples (one frame corrupt), then the device is gone for good (the
        # test unplugs it, or closes the pty). stop-unanswered: STOP gets no STATUS.
        cap = Capture(DEVNUM)
        session_part(cap, dyno, args, rng, frames=20, corrupt_at=5, stop=args.scenario == "stop-unanswered",
                     stop_answer=False)
        cap.write(os.path.join(args.out_dir, "session.pcap"))
        expected["parts"].append("session.pcap")
    elif args.scenario == "silent":
        # Not an isokin device (or its firmware hangs): HELLO_REQUEST, asked 4 times
        # (docs/protocol.md: every 500 ms for 2 s), gets no answer.
        cap = Capture(DEVNUM)
        for _ in range(args.in_flight):
            cap.submit_in(args.in_bytes)
        for seq in range(4):
            cap.out(frame(HELLO_REQUEST, seq, b""))
        cap.write(os.path.join(args.out_dir, "session.pcap"))
        expected["parts"].append("session.pcap")
    elif args.scenario == "volume":
        cap = Capture(DEVNUM)
        volume_part(cap, dyno, args, 200_000)
        cap.write(os.path.join(args.out_dir, "session.pcap"))
        expected["parts"].append("session.pcap")
    elif args.scenario in ("device-finishes", "device-fails"):
        message = "torque sensor overload: test stopped"
        ending = {"state": "idle"} if args.scenario == "device-finishes" else {"state": "error", "message": message}
        cap = Capture(DEVNUM)
        session_part(cap, dyno, args, rng, frames=12, stop=False, ending=ending)
        cap.write(os.path.join(args.out_dir, "session.pcap"))
        expected["parts"].append("session.pcap")
        expected["status_message"] = message
    elif args.scenario == "start-refused":
        cap = Capture(DEVNUM)
        session_part(cap, dyno, args, rng, frames=0, start_answer="error",
                     message="velocity 60 deg/s is above this machine's limit of 30 deg/s")
        cap.write(os.path.join(args.out_dir, "session.pcap"))
        expected["parts"].append("session.pcap")
        expected["status_message"] = "velocity 60 deg/s is above this machine's limit of 30 deg/s"
    else:
        # The device vanishes mid-stream (no STOP), comes back with a fresh link: the
        # host must ask HELLO and START again; the device clock runs on in the meantime.
        cap = Capture(DEVNUM)
        session_part(cap, dyno, args, rng, frames=20, stop=False)
        cap.write(os.path.join(args.out_dir, "before.pcap"))
        expected["samples_before"] = len(dyno.truth)
        dyno.seq = 0
        dyno.t_us += 2_000_000
        dyno.lost_samples += 2_000_000 // dyno.period_us  # the host measures the gap from device time
        # Replugged, the device gets the next address, as the kernel would give it.
        cap = Capture(DEVNUM + 1)
        session_part(cap, dyno, args, rng, frames=20)
        cap.write(os.path.join(args.out_dir, "after.pcap"))
        with open(os.path.join(args.out_dir, "dyno-replugged.umockdev"), "w") as f:
            f.write(device_description(DEVNUM + 1))
        expected["parts"] += ["before.pcap", "after.pcap"]

    with open(os.path.join(args.out_dir, "dyno.umockdev"), "w") as f:
        f.write(device_description(DEVNUM))
    with open(os.path.join(args.out_dir, "truth.csv"), "w") as f:
        for t, torque, angle, velocity in dyno.truth:
            f.write(f"{t},{torque:.9g},{angle:.9g},{velocity:.9g}\n")
    expected.update({"samples": len(dyno.truth), "corrupt_frames": dyno.corrupt_frames,
                     "lost_samples": dyno.lost_samples, "hello_model": "usb-dyno", "hello_serial": "DYN-0042",
                     "hello_firmware": "1.2.0", "hello_rate_hz": 1000.0})
    with open(os.path.join(args.out_dir, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1)


if __name__ == "__main__":
    main()
