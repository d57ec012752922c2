#!/usr/bin/env python3
"""Draws the package icon, src/NeuralNet/icon.png: a 128x128 PNG of a small 3-4-2 network
(nodes and the connections between layers) on a rounded dark-blue tile.

Standard library only (zlib + struct: PIL is not on the build machines). Deterministic: the same
script writes the same bytes. Run from the repository root: python3 tools/make-icon.py
"""
import math
import struct
import zlib

SIZE = 128
SAMPLES = 4  # supersampling per axis, for anti-aliased edges

BACKGROUND = (0x1E, 0x3A, 0x5F)
EDGE = (0x8F, 0xB8, 0xDE)
NODE = (0xFF, 0xFF, 0xFF)
OUTPUT_NODE = (0xFF, 0xB3, 0x47)

layers = [
    [(30, y) for y in (34, 64, 94)],
    [(64, y) for y in (22, 50, 78, 106)],
    [(98, y) for y in (46, 82)],
]
edges = [(a, b) for left, right in zip(layers, layers[1:]) for a in left for b in right]
NODE_RADIUS = 9.0
EDGE_WIDTH = 1.6
CORNER = 22.0


def inside_tile(x, y):
    # A rounded square filling the canvas.
    cx = min(max(x, CORNER), SIZE - CORNER)
    cy = min(max(y, CORNER), SIZE - CORNER)
    return (x - cx) ** 2 + (y - cy) ** 2 <= CORNER ** 2


def segment_distance(px, py, a, b):
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def colour_at(x, y):
    """The colour (r, g, b, a) of one sample point."""
    if not inside_tile(x, y):
        return (0, 0, 0, 0)
    for index, layer in enumerate(layers):
        for node in layer:
            d = math.hypot(x - node[0], y - node[1])
            if d <= NODE_RADIUS:
                if d >= NODE_RADIUS - 2.0:  # a thin ring in the edge colour
                    return EDGE + (255,)
                return (OUTPUT_NODE if index == len(layers) - 1 else NODE) + (255,)
    for a, b in edges:
        if segment_distance(x, y, a, b) <= EDGE_WIDTH / 2:
            return EDGE + (255,)
    return BACKGROUND + (255,)


def render():
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # PNG filter type 0 (none) for each scanline
        for px in range(SIZE):
            acc = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b, a = colour_at(px + (sx + 0.5) / SAMPLES, py + (sy + 0.5) / SAMPLES)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = SAMPLES * SAMPLES
            alpha = acc[3] / n
            if acc[3] == 0:
                row += bytes(4)
            else:
                row += bytes([round(acc[0] / acc[3]), round(acc[1] / acc[3]), round(acc[2] / acc[3]), round(alpha)])
        rows.append(bytes(row))
    return b"".join(rows)


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def png(raw):
    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)  # 8-bit RGBA, no interlace
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    with open("src/NeuralNet/icon.png", "wb") as f:
        f.write(png(render()))
