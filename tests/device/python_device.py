#!/usr/bin/python3
"""An independent device for the isokin wire protocol, written from the protocol
document (docs/protocol.md, version 1) alone: its own COBS, its own CRC, its own
packing. If isokin records this device exactly, the document is what isokin speaks.

Serial I/O goes through pyserial. Without --port the script makes a null-modem pair of
pseudo-terminals: it opens one end with pyserial and prints the other end's path (for
the host) as its first line on stdout.

    python_device.py [--port /dev/ttyUSB0] --format frame|line --rate 500 --count 2000
                     --per-frame 10 --truth truth.csv [--max-velocity 500]
"""
import argparse
import json
import math
import os
import select
import struct
import sys
import threading
import time
import tty

import serial


def crc16_ccitt_false(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            if crc & 0x8000:
                crc = ((crc << 1) ^ 0x1021) & 0xFFFF
            else:
                crc = (crc << 1) & 0xFFFF
    return crc


def cobs_encode(data: bytes) -> bytes:
    out = bytearray()
    block = bytearray()
    for byte in data:
        if byte == 0:
            out.append(len(block) + 1)
            out += block
            block = bytearray()
        else:
            block.append(byte)
            if len(block) == 254:
                out.append(255)
                out += block
                block = bytearray()
    out.append(len(block) + 1)
    out += block
    return bytes(out)


def cobs_decode(data: bytes):
    out = bytearray()
    i = 0
    while i < len(data):
        code = data[i]
        if code == 0 or i + code > len(data):
            return None
        block = data[i + 1:i + code]
        if 0 in block:
            return None
        out += block
        i += code
        if code < 255 and i < len(data):
            out.append(0)
    return bytes(out)


class Framer:
    """Device-side frames: version 1, type, seq u16 LE, body, CRC u16 LE; COBS + 0x00."""

    def __init__(self):
        self.seq = 0

    def frame(self, frame_type: int, body: bytes) -> bytes:
        raw = struct.pack("<BBH", 1, frame_type, self.seq) + body
        raw += struct.pack("<H", crc16_ccitt_false(raw))
        self.seq = (self.seq + 1) & 0xFFFF
        return cobs_encode(raw) + b"\x00"


def parse_frame(encoded: bytes):
    raw = cobs_decode(encoded)
    if raw is None or len(raw) < 6 or len(raw) > 4096:
        return None
    if struct.unpack("<H", raw[-2:])[0] != crc16_ccitt_false(raw[:-2]) or raw[0] != 1:
        return None
    return raw[1], struct.unpack("<H", raw[2:4])[0], raw[4:-2]


class NullModem:
    """Two pseudo-terminals joined back to back, like a null-modem cable."""

    def __init__(self):
        self.dev_master, dev_slave = os.openpty()
        self.host_master, host_slave = os.openpty()
        for fd in (dev_slave, host_slave):
            tty.setraw(fd)
        self.device_path = os.ttyname(dev_slave)
        self.host_path = os.ttyname(host_slave)
        self._keep = (dev_slave, host_slave)  # keep both slaves alive until the peers open them
        threading.Thread(target=self._relay, daemon=True).start()

    def _relay(self):
        pairs = {self.dev_master: self.host_master, self.host_master: self.dev_master}
        while True:
            ready, _, _ = select.select(list(pairs), [], [], 0.5)
            for fd in ready:
                try:
                    data = os.read(fd, 65536)
                except OSError:
                    continue
                if data:
                    view = memoryview(data)
                    while view:
                        n = os.write(pairs[fd], view)
                        view = view[n:]


def signal_at(i: int, rate: float):
    """A knee going 90 -> 10 -> 90 deg every 2 s, torque following it."""
    t = i / rate
    angle = 50.0 + 40.0 * math.cos(math.pi * t)
    velocity = -40.0 * math.pi * math.sin(math.pi * t)
    torque = 120.0 * math.sin(math.pi * t) + 0.37 * ((i * 7919) % 11 - 5)
    return torque, angle, velocity


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--port")
    p.add_argument("--format", choices=["frame", "line"], default="frame")
    p.add_argument("--rate", type=float, default=500.0)
    p.add_argument("--count", type=int, default=1000)
    p.add_argument("--per-frame", type=int, default=10)
    p.add_argument("--truth", required=True)
    p.add_argument("--max-velocity", type=float, default=500.0)
    p.add_argument("--fail-after", type=int, default=0, help="after this many samples, report a fault and stop")
    p.add_argument("--corrupt-every", type=int, default=0,
                   help="flip one bit of every Nth SAMPLES frame on the wire (after COBS), as line noise would")
    p.add_argument("--drop-every", type=int, default=0,
                   help="emit every Nth SAMPLES frame (its seq is used) but never write it, as a lost packet")
    p.add_argument("--leave-after", type=int, default=-1,
                   help="once this many samples are sent (0: right after START), go silent, then close the port "
                        "for good (a cable pulled)")
    p.add_argument("--stale-frames", type=int, default=0,
                   help="after HELLO, send this many SAMPLES frames of an earlier run (not in the truth): "
                        "the tail a device still streaming, or a USB-serial buffer, leaves for a new host")
    p.add_argument("--stop-reply", choices=["idle", "none", "error"], default="idle",
                   help="how STOP is answered: STATUS idle, nothing at all, or STATUS error")
    args = p.parse_args()

    if args.port:
        port_path = args.port
        print(port_path, flush=True)
    else:
        modem = NullModem()
        port_path = modem.device_path
        print(modem.host_path, flush=True)
    port = serial.Serial(port_path, 921600, timeout=0)

    period_us = int(round(1e6 / args.rate))
    truth = open(args.truth, "w", buffering=1)  # line-buffered: the test may kill us
    truth.write("t_us,torque_nm,angle_deg,velocity_deg_s,fate\n")
    samples_frames = 0
    framer = Framer()
    running = args.format == "line"
    sent = 0
    start = time.monotonic()
    finished_at = None
    pending = bytearray()

    if args.format == "line":
        # Give the host a moment to open its end; then metadata, then samples.
        time.sleep(0.3)
        port.write(f"# model=python-device\n# serial=PY-1\n# rate_hz={args.rate:g}\n".encode())
        start = time.monotonic()

    while True:
        now = time.monotonic()
        # Commands from the host (frame mode only).
        data = port.read(4096)
        if data and args.format == "frame":
            pending += data
            while b"\x00" in pending:
                encoded, _, rest = bytes(pending).partition(b"\x00")
                pending = bytearray(rest)
                frame = parse_frame(encoded) if encoded else None
                if frame is None:
                    continue
                ftype, seq, body = frame
                if ftype == 0x80:
                    hello = {"model": "python-device", "serial": "PY-1", "firmware": "0.9",
                             "rate_hz": args.rate, "max_velocity_deg_s": args.max_velocity, "joints": ["knee"]}
                    port.write(framer.frame(0x01, json.dumps(hello).encode()))
                    for k in range(args.stale_frames):
                        # An earlier run's samples: far-off device times, a torque no truth row has.
                        body = struct.pack("<QIH", 10**12 + k * 10 * period_us, period_us, 10)
                        body += struct.pack("<fff", 999.0, 1.0, 2.0) * 10
                        port.write(framer.frame(0x02, body))
                    args.stale_frames = 0
                elif ftype == 0x81:
                    request = json.loads(body.decode())
                    speeds = [request.get(k) for k in ("velocity_deg_s", "velocity_ext_deg_s", "velocity_flex_deg_s")]
                    fastest = max(abs(v) for v in speeds if v is not None)
                    if fastest > args.max_velocity:
                        message = f"velocity {fastest:g} deg/s exceeds this dynamometer's {args.max_velocity:g} deg/s"
                        status = {"state": "error", "message": message, "acked_seq": seq}
                    else:
                        status = {"state": "running", "acked_seq": seq}
                        if not running:
                            running = True
                            start = time.monotonic()
                    port.write(framer.frame(0x03, json.dumps(status).encode()))
                elif ftype == 0x82:
                    running = False
                    if args.stop_reply == "idle":
                        port.write(framer.frame(0x03, json.dumps({"state": "idle", "acked_seq": seq}).encode()))
                    elif args.stop_reply == "error":
                        refusal = {"state": "error", "message": "STOP refused: brake fault", "acked_seq": seq}
                        port.write(framer.frame(0x03, json.dumps(refusal).encode()))
                    if sent >= args.count:
                        truth.close()
                        time.sleep(0.2)
                        return
        # Samples due by now (absolute deadlines from the start).
        if running and 0 <= args.leave_after <= sent:
            # Silent long enough for the host to read what was sent (a pty drops unread
            # bytes when it closes), then gone: every fd closed, no return.
            truth.close()
            port.flush()
            time.sleep(0.8)
            os._exit(0)
        if running and sent < args.count:
            due = min(args.count, int((now - start) * args.rate) + 1)
            if args.leave_after >= 0:
                due = min(due, args.leave_after)
            while due - sent >= (args.per_frame if args.format == "frame" else 1) or (due == args.count and sent < due):
                n = min(args.per_frame, due - sent) if args.format == "frame" else due - sent
                rows = [signal_at(sent + k, args.rate) for k in range(n)]
                t0 = sent * period_us
                if args.format == "frame":
                    body = struct.pack("<QIH", t0, period_us, n)
                    for torque, angle, velocity in rows:
                        body += struct.pack("<fff", torque, angle, velocity)
                    encoded = framer.frame(0x02, body)
                    samples_frames += 1
                    fate = "sent"
                    if args.drop_every and samples_frames % args.drop_every == 0:
                        fate = "dropped"
                    elif args.corrupt_every and samples_frames % args.corrupt_every == 0:
                        # One bit of the middle byte of the COBS stream; never into a 0x00
                        # (that would cut the frame in two, a different fault).
                        k = len(encoded) // 2
                        flipped = encoded[k] ^ 0x10 or encoded[k] ^ 0x20
                        encoded = encoded[:k] + bytes([flipped]) + encoded[k + 1:]
                        fate = "corrupt"
                    if fate != "dropped":
                        port.write(encoded)
                    # What went over the wire, as float32, for the test to compare.
                    values = [struct.unpack("<fff", struct.pack("<fff", *r)) for r in rows]
                else:
                    fate = "sent"
                    values = [tuple(float(f"{v:.6f}") for v in r) for r in rows]
                    port.write("".join(f"{t0 + k * period_us},{v[0]:.6f},{v[1]:.6f},{v[2]:.6f}\n"
                                       for k, v in enumerate(values)).encode())
                for k, v in enumerate(values):
                    truth.write(f"{t0 + k * period_us},{v[0]!r},{v[1]!r},{v[2]!r},{fate}\n")
                sent += n
            if args.fail_after and sent >= args.fail_after and running:
                running = False
                fault = {"state": "error", "message": "load cell overload: torque above 500 N*m, test stopped"}
                port.write(framer.frame(0x03, json.dumps(fault).encode()))
                truth.flush()
                finished_at = time.monotonic()
            elif sent >= args.count:
                truth.flush()
                finished_at = time.monotonic()
                if args.format == "frame":
                    port.write(framer.frame(0x03, json.dumps({"state": "idle", "message": "done"}).encode()))
        if finished_at is not None and time.monotonic() - finished_at > 15:
            truth.close()
            return
        time.sleep(0.002)


if __name__ == "__main__":
    sys.exit(main())
