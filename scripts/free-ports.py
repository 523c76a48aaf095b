#!/usr/bin/env python3
"""Prints N distinct free loopback ports, drawn from below the kernel's ephemeral range.

Ports there are never handed out for port-0 binds or outgoing connections, so none of
them can be taken between this script and the server that is told to listen on it.
"""
import random
import socket
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 1
try:
    with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
        ephemeral_low = int(f.read().split()[0])
except OSError:
    ephemeral_low = 32768
ports = []
while len(ports) < count:
    port = random.randrange(10000, max(ephemeral_low, 10001))
    if port in ports:
        continue
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
    ports.append(port)
print(*ports)
